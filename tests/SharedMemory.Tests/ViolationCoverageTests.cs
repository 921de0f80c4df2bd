using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Tests.Shared;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Interop;
using GuiVirt.SharedMemory.Tests.Channel;
using GuiVirt.SharedMemory.Tests.Grants;

namespace GuiVirt.SharedMemory.Tests;

/// <summary>Every violation this layer owns is produced by a real scenario (see ViolationOwnership).</summary>
[Collection(FdCountingCollection.Name)]
public partial class ViolationCoverageTests
{
    private const long Page = 4096;
    private const int RlimitNofile = 7;
    private static readonly WindowId Window = new(1);

    public static TheoryData<ProtocolViolation> Owned => [.. ViolationOwnership.SharedMemory];

    [Theory]
    [MemberData(nameof(Owned))]
    public async Task EachViolationOfThisLayerHappensForReal(ProtocolViolation violation) =>
        Assert.Equal(violation, await ProduceAsync(violation));

    private static async Task<ProtocolViolation> ProduceAsync(ProtocolViolation violation)
    {
        var mapper = new MemfdGrantMapper();
        switch (violation)
        {
            case ProtocolViolation.GrantNotMemfd:
                return mapper.TryMap(TestFds.Create(TestFds.Pipe, Page), Page, out _);
            case ProtocolViolation.GrantNotSealed:
                return mapper.TryMap(TestFds.Create(TestFds.Unsealed, Page), Page, out _);
            case ProtocolViolation.GrantTooSmall:
                return mapper.TryMap(TestFds.Create(TestFds.Undersized, Page), Page, out _);
            case ProtocolViolation.GrantTooLarge:
            {
                using IAgentGrant big = new MemfdGrantAllocator().Allocate(64 * Page);
                return mapper.TryMap(SocketMessages.Duplicate(big.ShareHandle), Page, out _);
            }

            case ProtocolViolation.GrantMapFailed:
                return MapWithNoFreeDescriptor(mapper);
            case ProtocolViolation.MissingFd:
            {
                using var peer = new RawPeer(PeerRole.Agent);
                peer.Send(Message(new WindowDump(1, 1, 4)));
                return await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder());
            }

            case ProtocolViolation.UnexpectedFd:
            {
                using var peer = new RawPeer(PeerRole.Agent);
                using var memfd = TestFds.Create(TestFds.Unsealed, Page);
                peer.Send(Message(new ShmImage(0, 0, 1, 1)), memfd);
                return await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder());
            }

            case ProtocolViolation.TruncatedMessage:
            {
                using var peer = new RawPeer(PeerRole.Agent);
                peer.Send(Message(new ShmImage(0, 0, 1, 1))[..5]);
                peer.Close();
                return await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder());
            }

            case ProtocolViolation.OutboundBufferFull:
            {
                using var peer = new RawPeer(PeerRole.Agent, new ChannelOptions { OutboundLimitBytes = MessageReader.MaxMessageSize });
                try
                {
                    // Nobody reads: the socket buffer, then the bounded outbound buffer fill up
                    // (a few hundred sends at most; 10,000 would be a channel that never refuses).
                    for (int i = 0; i < 10_000; i++)
                    {
                        peer.Channel.SendClipboardData(new byte[Limits.MaxClipboardBytes]);
                    }
                }
                catch (ProtocolViolationException e)
                {
                    return e.Violation;
                }

                return ProtocolViolation.None;
            }

            default:
                throw new InvalidOperationException($"no scenario produces {violation}: add one");
        }
    }

    /// <summary>
    /// A grant that passes every check but cannot be reopened read-only because the process has no
    /// descriptor number left (EMFILE): the soft RLIMIT_NOFILE is lowered to the lowest free number
    /// for the duration of the call. The collection runs alone, so nothing else is starved.
    /// </summary>
    private static ProtocolViolation MapWithNoFreeDescriptor(MemfdGrantMapper mapper)
    {
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(Page);
        var untrusted = SocketMessages.Duplicate(grant.ShareHandle);
        int lowestFree;
        using (var probe = SocketMessages.Duplicate(grant.ShareHandle))
        {
            lowestFree = (int)probe.DangerousGetHandle();
        }

        Assert.Equal(0, GetRlimit(RlimitNofile, out Rlimit saved));
        try
        {
            Assert.Equal(0, SetRlimit(RlimitNofile, new Rlimit { Current = (ulong)lowestFree, Maximum = saved.Maximum }));
            return mapper.TryMap(untrusted, Page, out _);
        }
        finally
        {
            Assert.Equal(0, SetRlimit(RlimitNofile, saved));
        }
    }

    private static byte[] Message<T>(T body)
        where T : struct, IMessageBody
    {
        var buffer = new byte[MessageWriter.SizeOf<T>()];
        MessageWriter.Write(buffer, Window, body);
        return buffer;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRlimit(int resource, in Rlimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
