using GuiVirt.Protocol.Handshake;
using static GuiVirt.Protocol.ProtocolViolation;
using static GuiVirt.Protocol.Tests.Rows.WireBytes;

namespace GuiVirt.Protocol.Tests.Rows;

/// <summary>The headerless version handshake, both sides, at every boundary.</summary>
internal static class HandshakeRows
{
    /// <summary>(name, agent's offer as sent, expected violation, expected negotiated minor) for a 1.8 daemon.</summary>
    public static TheoryData<string, uint, ProtocolViolation, int> AgentHellos() => new()
    {
        { "same version", 0x0001_0008, None, 8 },
        { "newer minor is negotiated down", 0x0001_0009, None, 8 },
        { "largest minor", 0x0001_FFFF, None, 8 },
        { "older minor than we speak", 0x0001_0007, VersionTooOld, 0 },
        { "minor 0", 0x0001_0000, VersionTooOld, 0 },
        { "major 0", 0x0000_0008, VersionMajorMismatch, 0 },
        { "major 2", 0x0002_0008, VersionMajorMismatch, 0 },
        { "all ones", uint.MaxValue, VersionMajorMismatch, 0 },
    };

    /// <summary>(name, daemon's answer as sent, expected violation) for an agent that offered 1.8.</summary>
    public static TheoryData<string, byte[], ProtocolViolation> DaemonHellos() => new()
    {
        { "1.8, 1920x1080x24", U32s(0x0001_0008, 1920, 1080, 24, 8100), None },
        { "depth 32, largest screen", U32s(0x0001_0008, 16384, 6144, 32, 0), None },
        { "smallest screen", U32s(0x0001_0008, 1, 1, 24, 1), None },
        { "minor above the offer", U32s(0x0001_0009, 1920, 1080, 24, 0), VersionNotNegotiatedDown },
        { "minor below the oldest", U32s(0x0001_0007, 1920, 1080, 24, 0), VersionTooOld },
        { "other major", U32s(0x0002_0008, 1920, 1080, 24, 0), VersionMajorMismatch },
        { "width 0", U32s(0x0001_0008, 0, 1080, 24, 0), ScreenConfigInvalid },
        { "height 6145", U32s(0x0001_0008, 1920, 6145, 24, 0), ScreenConfigInvalid },
        { "depth 16", U32s(0x0001_0008, 1920, 1080, 16, 0), ScreenConfigInvalid },
        { "width 2^32-1", U32s(0x0001_0008, uint.MaxValue, 1080, 24, 0), ScreenConfigInvalid },
    };

    public static ProtocolViolation AgentHelloOutcome(uint offer, out ProtocolVersion negotiated)
    {
        negotiated = default;
        try
        {
            Assert.True(VersionHandshake.TryReadAgentHello(U32s(offer), ProtocolVersion.Current, out negotiated));
            return None;
        }
        catch (ProtocolViolationException e)
        {
            return e.Violation;
        }
    }

    public static ProtocolViolation DaemonHelloOutcome(byte[] answer)
    {
        try
        {
            Assert.True(VersionHandshake.TryReadDaemonHello(answer, ProtocolVersion.Current, out _, out _));
            return None;
        }
        catch (ProtocolViolationException e)
        {
            return e.Violation;
        }
    }
}
