using GuiVirt.GrantPeer;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>
/// The real arrangement: GrantPeer (the qube's side, or an attacker) allocates in its own process
/// and passes the fd over a Unix socket with SCM_RIGHTS; this process plays the daemon.
/// </summary>
[Collection(FdCountingCollection.Name)]
public sealed class GrantTwoProcessTests
{
    private const long FullHdBytes = 1920L * 1080 * 4;

    private readonly MemfdGrantMapper _mapper = new();

    [Fact]
    public void SealedGrantCannotShrinkOrGrowInThePeer()
    {
        using var peer = GrantPeerProcess.Start(PeerProtocol.Sealed, 8192);
        using SafeFileHandle? fd = peer.ReceiveFd();

        Assert.Equal($"seals shrink={LibC.EPERM} grow={LibC.EPERM}", peer.ReadLine());
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(4096L)]
    [InlineData(FullHdBytes)]
    public void RoundTripDaemonReadsExactlyWhatTheAgentWrote(long sizeBytes)
    {
        using var peer = GrantPeerProcess.Start(PeerProtocol.Sealed, sizeBytes);
        SafeFileHandle? fd = peer.ReceiveFd();
        Assert.NotNull(fd);
        _ = peer.ReadLine(); // seal report, checked elsewhere

        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(fd, sizeBytes, out IMappedGrant? grant));
        Assert.NotNull(grant);
        using (grant)
        {
            Assert.Equal(sizeBytes, grant.Size);
            Assert.Equal(-1, PeerProtocol.FirstMismatch(TestFds.View(grant)));
        }
    }

    [Fact]
    public void TruncationAttackAfterMappingFailsAndTheMappingSurvives()
    {
        using var peer = GrantPeerProcess.Start(PeerProtocol.Sealed, FullHdBytes);
        SafeFileHandle? fd = peer.ReceiveFd();
        Assert.NotNull(fd);
        _ = peer.ReadLine();
        Assert.Equal(ProtocolViolation.None, _mapper.TryMap(fd, FullHdBytes, out IMappedGrant? grant));
        Assert.NotNull(grant);
        using (grant)
        {
            peer.WriteLine(PeerProtocol.Mapped);

            // The peer tried to cut the buffer to 0, double it, and add a WRITE seal: all refused.
            Assert.Equal($"attack shrink={LibC.EPERM} grow={LibC.EPERM} addseal={LibC.EPERM}", peer.ReadLine());
            Assert.Equal("written", peer.ReadLine());

            // Reading every byte, the last one included, would SIGBUS (and kill this test host)
            // had the shrink gone through. Bytes the peer wrote after our mapping are visible.
            ReadOnlySpan<byte> pixels = TestFds.View(grant);
            Assert.Equal(PeerProtocol.Rewritten(0), pixels[0]);
            Assert.Equal(PeerProtocol.Rewritten(FullHdBytes - 1), pixels[^1]);
            Assert.Equal(-1, PeerProtocol.FirstMismatch(pixels[1..^1], patternOffset: 1));
            Assert.True(FileStatus.TryGetSize(grant.ReadOnlyHandle, out long size, out _));
            Assert.Equal(FullHdBytes, size);
        }
    }

    [Theory]
    [InlineData(PeerProtocol.Unsealed, 4096L, ProtocolViolation.GrantNotSealed)]
    [InlineData(PeerProtocol.ShrinkOnly, 4096L, ProtocolViolation.GrantNotSealed)]
    [InlineData(PeerProtocol.GrowOnly, 4096L, ProtocolViolation.GrantNotSealed)]
    [InlineData(PeerProtocol.Sealed, 4095L, ProtocolViolation.GrantTooSmall)]
    [InlineData(PeerProtocol.Pipe, 4096L, ProtocolViolation.GrantNotMemfd)]
    [InlineData(PeerProtocol.RegularFile, 4096L, ProtocolViolation.GrantNotMemfd)]
    [InlineData(PeerProtocol.DevZero, 4096L, ProtocolViolation.GrantNotMemfd)]
    public void BadGrantsFromThePeerAreRejectedAndClosed(string mode, long peerSizeBytes, ProtocolViolation expected)
    {
        using var peer = GrantPeerProcess.Start(mode, peerSizeBytes);
        int before = ProcSelf.CountOpenFds();
        SafeFileHandle? fd = peer.ReceiveFd();
        Assert.NotNull(fd);

        Assert.Equal(expected, _mapper.TryMap(fd, 4096, out IMappedGrant? grant));

        Assert.Null(grant);
        Assert.True(fd.IsClosed);
        Assert.Equal(before, ProcSelf.CountOpenFds());
    }
}
