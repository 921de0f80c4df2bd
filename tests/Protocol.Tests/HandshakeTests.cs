using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Tests.Rows;

namespace GuiVirt.Protocol.Tests;

public class HandshakeTests
{
    public static TheoryData<string, uint, ProtocolViolation, int> AgentHellos => HandshakeRows.AgentHellos();

    public static TheoryData<string, byte[], ProtocolViolation> DaemonHellos => HandshakeRows.DaemonHellos();

    [Theory]
    [MemberData(nameof(AgentHellos))]
    public void DaemonReadsTheAgentsOffer(string name, uint offer, ProtocolViolation expected, int negotiatedMinor)
    {
        ProtocolViolation outcome = HandshakeRows.AgentHelloOutcome(offer, out ProtocolVersion negotiated);
        Assert.True(expected == outcome, $"{name}: {outcome}");
        if (expected == ProtocolViolation.None)
        {
            Assert.Equal(new ProtocolVersion(1, (ushort)negotiatedMinor), negotiated);
        }
    }

    [Theory]
    [MemberData(nameof(DaemonHellos))]
    public void AgentReadsTheDaemonsAnswer(string name, byte[] answer, ProtocolViolation expected) =>
        Assert.True(expected == HandshakeRows.DaemonHelloOutcome(answer), name);

    [Fact]
    public void BothSidesAgreeThroughTheirWriters()
    {
        Span<byte> hello = stackalloc byte[VersionHandshake.AgentHelloSize];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        Assert.True(VersionHandshake.TryReadAgentHello(hello, ProtocolVersion.Current, out ProtocolVersion negotiated));

        Span<byte> answer = stackalloc byte[VersionHandshake.DaemonHelloSize];
        VersionHandshake.WriteDaemonHello(answer, negotiated, new ScreenConfig(1920, 1080, 24));
        Assert.True(VersionHandshake.TryReadDaemonHello(answer, ProtocolVersion.Current, out ProtocolVersion agreed, out ScreenConfig screen));
        Assert.Equal(ProtocolVersion.Current, agreed);
        Assert.Equal(new ScreenConfig(1920, 1080, 24), screen);
        Assert.Equal(8100u, screen.MemoryKiB);
    }

    [Fact]
    public void ShortInputNeedsMore()
    {
        Assert.False(VersionHandshake.TryReadAgentHello(new byte[3], ProtocolVersion.Current, out _));
        Assert.False(VersionHandshake.TryReadDaemonHello(new byte[19], ProtocolVersion.Current, out _, out _));
    }

    [Fact]
    public void VersionPacksAsQubesDoes()
    {
        Assert.Equal(0x0001_0008u, ProtocolVersion.Current.Packed);
        Assert.Equal(new ProtocolVersion(3, 0xFFFF), ProtocolVersion.Unpack(0x0003_FFFF));
    }
}
