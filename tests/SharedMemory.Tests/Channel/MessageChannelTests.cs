using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.SharedMemory.Tests.Grants;

namespace GuiVirt.SharedMemory.Tests.Channel;

/// <summary>The channel over real Unix sockets: framing, descriptors, partial I/O, bounds.</summary>
[Collection(FdCountingCollection.Name)]
public class MessageChannelTests
{
    private static readonly WindowId Window = new(0x40_0001);

    [Fact]
    public async Task MessagesArriveInOrderWithTheirGrants()
    {
        (MessageChannel daemonEnd, MessageChannel agentEnd) = MessageChannel.CreatePair();
        using var ownedDaemonEnd = daemonEnd;
        using var ownedAgentEnd = agentEnd;
        var allocator = new MemfdGrantAllocator();
        using IAgentGrant small = Filled(allocator, 16 * 4 * 8, seed: 1);
        using IAgentGrant large = Filled(allocator, 1920L * 4 * 1080, seed: 2);

        agentEnd.Send(Window, new Create(10, 20, 16, 8, false));
        agentEnd.Send(Window, new WindowDump(16, 8, 64), small.ShareHandle);
        agentEnd.Send(Window, new ShmImage(0, 0, 16, 8));
        agentEnd.Send(Window, new WindowDump(1920, 1080, 7680), large.ShareHandle);
        agentEnd.SendClipboardData("grüße"u8);
        agentEnd.SendEmpty(MessageType.Destroy, Window);
        await agentEnd.FlushAsync(ChannelReading.Deadline());

        using var received = new MessageRecorder { KeepGrantFds = true };
        await ChannelReading.ReadUntilAsync(daemonEnd, received, () => received.Messages.Count == 6);

        Assert.Equal(
            [MessageType.Create, MessageType.WindowDump, MessageType.ShmImage, MessageType.WindowDump, MessageType.ClipboardData, MessageType.Destroy],
            received.Messages.Select(m => m.Type));
        Assert.Equal("grüße"u8.ToArray(), (byte[])received.Messages[4].Body!);
        Assert.Equal(2, received.GrantFds.Count);

        // Each descriptor is the grant its own message describes: map it as the daemon would.
        var mapper = new MemfdGrantMapper();
        foreach ((int index, IAgentGrant grant, int seed) in new[] { (0, small, 1), (1, large, 2) })
        {
            var dump = (WindowDump)received.Messages.Where(m => m.Type == MessageType.WindowDump).ElementAt(index).Body!;
            Assert.Equal(ProtocolViolation.None, mapper.TryMap(received.GrantFds[index], dump.RequiredBytes, out IMappedGrant? mapped));
            using (mapped)
            {
                Assert.Equal(grant.Size, mapped!.Size);
                AssertPattern(mapped.Address, mapped.Size, seed);
            }
        }

        received.GrantFds.Clear(); // TryMap took ownership
    }

    [Fact]
    public async Task PartialWritesAndReadsUnderLoadLoseNothing()
    {
        const int Count = 100_000;
        var options = new ChannelOptions { OutboundLimitBytes = 64 << 20 };
        (MessageChannel daemonEnd, MessageChannel agentEnd) = MessageChannel.CreatePair(options);
        using var ownedDaemonEnd = daemonEnd;
        using var ownedAgentEnd = agentEnd;
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(4096);

        Task sender = Task.Run(async () =>
        {
            for (int i = 0; i < Count; i++)
            {
                if (i % 1000 == 999)
                {
                    agentEnd.Send(Window, new WindowDump(32, 32, 128), grant.ShareHandle);
                }
                else
                {
                    agentEnd.Send(Window, new ShmImage(i % 16000, 0, 1, 1));
                }

                if (i % 5000 == 0)
                {
                    await agentEnd.FlushAsync(ChannelReading.Deadline());
                }
            }

            await agentEnd.FlushAsync(ChannelReading.Deadline());
        });

        using var received = new MessageRecorder();
        await ChannelReading.ReadUntilAsync(daemonEnd, received, () => received.Messages.Count == Count, timeoutSeconds: 120);
        await sender;

        Assert.Equal(Count, received.Messages.Count);
        for (int i = 0; i < Count; i++)
        {
            if (i % 1000 == 999)
            {
                Assert.Equal(MessageType.WindowDump, received.Messages[i].Type);
            }
            else
            {
                Assert.Equal(new ShmImage(i % 16000, 0, 1, 1), received.Messages[i].Body);
            }
        }
    }

    [Fact]
    public void BytesTrickledOneByOneAreFramedWhenComplete()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        using var received = new MessageRecorder { KeepGrantFds = true };
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(4096);
        byte[] create = Bytes(w => MessageWriter.Write(w, Window, new Create(0, 0, 32, 32, false)));
        byte[] dump = Bytes(w => MessageWriter.Write(w, Window, new WindowDump(32, 32, 128)));
        byte[] image = Bytes(w => MessageWriter.Write(w, Window, new ShmImage(1, 2, 3, 4)));
        byte[] stream = [.. create, .. dump, .. image];
        int[] messageEnds = [create.Length, create.Length + dump.Length, stream.Length];

        for (int i = 0; i < stream.Length; i++)
        {
            // The descriptor rides on the first byte of its message, as MessageChannel sends it.
            if (i == create.Length)
            {
                peer.Send(stream.AsSpan(i, 1), grant.ShareHandle);
            }
            else
            {
                peer.Send(stream.AsSpan(i, 1));
            }

            Assert.Equal(ReceiveStatus.Received, peer.Channel.ReceiveAvailable());
            while (peer.Channel.TryDispatch((IMessagesFromAgent)received))
            {
            }

            Assert.Equal(messageEnds.Count(end => end <= i + 1), received.Messages.Count);
        }

        Assert.Equal(new ShmImage(1, 2, 3, 4), received.Messages[2].Body);
        Assert.Single(received.GrantFds);
        Assert.Equal(ReceiveStatus.WouldBlock, peer.Channel.ReceiveAvailable());
    }

    [Fact]
    public void APeerThatNeverReadsIsCutOffAtTheBoundWithoutWaiting()
    {
        using var peer = new RawPeer(PeerRole.Daemon, new ChannelOptions { OutboundLimitBytes = MessageReader.MaxMessageSize });
        int sent = 0;
        var error = Assert.Throws<ProtocolViolationException>(() =>
        {
            // Bounded: the socket's buffer plus our limit, then the violation. Never a block.
            for (; sent < 1_000_000; sent++)
            {
                peer.Channel.Send(Window, new Configure(0, 0, 100, 100, false));
            }
        });

        Assert.Equal(ProtocolViolation.OutboundBufferFull, error.Violation);
        Assert.True(peer.Channel.HasPendingOutput);

        // What the peer can read is what the socket took; the rest sat in our bounded buffer.
        int unread = peer.Drain();
        long buffered = ((long)sent * 32) - unread;
        Assert.InRange(buffered, 1, MessageReader.MaxMessageSize);
    }

    [Fact]
    public async Task AReaderThatCatchesUpGetsEverythingQueued()
    {
        using var peer = new RawPeer(PeerRole.Daemon);
        for (int i = 0; i < 20_000; i++)
        {
            peer.Channel.Send(Window, new MotionEvent(i % 1000, 0, 0, false)); // 28 bytes each: the socket fills
        }

        Assert.True(peer.Channel.HasPendingOutput);
        Task flush = peer.Channel.FlushAsync(ChannelReading.Deadline());
        int read = 0;
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (read < 20_000 * 28)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {read} of {20_000 * 28} bytes arrived in 30 s");
            read += peer.Drain();
            await Task.Delay(1);
        }

        await flush;
        Assert.False(peer.Channel.HasPendingOutput);
        Assert.Equal(20_000 * 28, read);
    }

    [Fact]
    public async Task ADescriptorWithAMessageThatTakesNoneIsRefused()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        using var memfd = TestFds.Create(TestFds.Unsealed, 4096);
        peer.Send(Bytes(w => MessageWriter.Write(w, Window, new ShmImage(0, 0, 1, 1))), memfd);
        Assert.Equal(ProtocolViolation.UnexpectedFd, await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder()));
    }

    [Fact]
    public async Task TwoDescriptorsWithOneDumpAreRefused()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        using var first = TestFds.Create(TestFds.Unsealed, 4096);
        using var second = TestFds.Create(TestFds.Unsealed, 4096);
        peer.Send(Bytes(w => MessageWriter.Write(w, Window, new WindowDump(1, 1, 4))), first, second);
        using var received = new MessageRecorder { KeepGrantFds = true };
        Assert.Equal(ProtocolViolation.UnexpectedFd, await ChannelReading.ViolationAsync(peer.Channel, received));
        Assert.Single(received.GrantFds); // the dump got one; the extra was closed and refused
    }

    [Fact]
    public async Task MoreDescriptorsThanAReceiveTakesAreRefused()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        var fds = Enumerable.Range(0, 6).Select(_ => TestFds.Create(TestFds.Unsealed, 4096)).ToArray();
        peer.Send(Bytes(w => MessageWriter.Write(w, Window, new WindowDump(1, 1, 4))), fds);
        Assert.Equal(ProtocolViolation.UnexpectedFd, await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder()));
        Array.ForEach(fds, fd => fd.Dispose());
    }

    [Fact]
    public async Task ADumpWithoutItsDescriptorIsRefused()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        peer.Send(Bytes(w => MessageWriter.Write(w, Window, new WindowDump(1, 1, 4))));
        Assert.Equal(ProtocolViolation.MissingFd, await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder()));
    }

    [Fact]
    public async Task ClosingInTheMiddleOfAMessageIsTruncation()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        byte[] create = Bytes(w => MessageWriter.Write(w, Window, new Create(0, 0, 1, 1, false)));
        peer.Send(create.AsSpan(0, 20));
        peer.Close();
        Assert.Equal(ProtocolViolation.TruncatedMessage, await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder()));
    }

    [Fact]
    public async Task ClosingBetweenMessagesIsAnOrderlyEnd()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        peer.Send(Bytes(w => MessageWriter.Write(w, Window, new Create(0, 0, 1, 1, false))));
        peer.Close();
        using var received = new MessageRecorder();
        Assert.Equal(ProtocolViolation.None, await ChannelReading.ViolationAsync(peer.Channel, received));
        Assert.Single(received.Messages);
    }

    [Fact]
    public async Task AMalformedHeaderIsRefusedBeforeItsBody()
    {
        using var peer = new RawPeer(PeerRole.Agent);
        peer.Send([0x81, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]); // RESIZE, obsolete
        Assert.Equal(ProtocolViolation.ObsoleteMessageType, await ChannelReading.ViolationAsync(peer.Channel, new MessageRecorder()));
    }

    [Fact]
    public async Task TheHandshakeRunsOverTheChannelBeforeMessages()
    {
        (MessageChannel daemonEnd, MessageChannel agentEnd) = MessageChannel.CreatePair();
        using var ownedDaemonEnd = daemonEnd;
        using var ownedAgentEnd = agentEnd;
        var hello = new byte[VersionHandshake.AgentHelloSize];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        agentEnd.SendHandshake(hello);
        agentEnd.Send(Window, new Create(0, 0, 5, 5, false)); // may arrive in the same read

        Assert.True(await daemonEnd.ReceiveAsync(ChannelReading.Deadline()));
        Assert.True(VersionHandshake.TryReadAgentHello(daemonEnd.Pending, ProtocolVersion.Current, out ProtocolVersion negotiated));
        daemonEnd.Consume(VersionHandshake.AgentHelloSize);
        var answer = new byte[VersionHandshake.DaemonHelloSize];
        VersionHandshake.WriteDaemonHello(answer, negotiated, new ScreenConfig(1280, 720, 24));
        daemonEnd.SendHandshake(answer);

        Assert.True(await agentEnd.ReceiveAsync(ChannelReading.Deadline()));
        Assert.True(VersionHandshake.TryReadDaemonHello(agentEnd.Pending, ProtocolVersion.Current, out _, out ScreenConfig screen));
        agentEnd.Consume(VersionHandshake.DaemonHelloSize);
        Assert.Equal(1280, screen.Width);

        using var received = new MessageRecorder { KeepGrantFds = true };
        await ChannelReading.ReadUntilAsync(daemonEnd, received, () => received.Messages.Count == 1);
        Assert.Equal(new Create(0, 0, 5, 5, false), received.Messages[0].Body);
    }

    [Fact]
    public async Task NoDescriptorLeaksAfterTenThousandMessages()
    {
        const int Count = 10_000;
        int before = ProcSelf.CountOpenFds();

        // Descriptors that travel properly: the channel sends duplicates and closes them once sent.
        (MessageChannel daemonEnd, MessageChannel agentEnd) = MessageChannel.CreatePair(new ChannelOptions { OutboundLimitBytes = 8 << 20 });
        using (IAgentGrant grant = new MemfdGrantAllocator().Allocate(4096))
        using (daemonEnd)
        using (agentEnd)
        {
            var received = new MessageRecorder();
            Task reader = ChannelReading.ReadUntilAsync(daemonEnd, received, () => received.Messages.Count == Count, timeoutSeconds: 120);
            for (int i = 0; i < Count; i++)
            {
                agentEnd.Send(Window, new WindowDump(32, 32, 128), grant.ShareHandle);
                if (i % 100 == 0)
                {
                    await agentEnd.FlushAsync(ChannelReading.Deadline());
                }
            }

            await agentEnd.FlushAsync(ChannelReading.Deadline());
            await reader;
            Assert.Equal(Count, received.Messages.Count);
        }

        // Surplus descriptors: every one is closed, and so are the connections that sent them.
        using (var memfd = TestFds.Create(TestFds.Unsealed, 4096))
        {
            byte[] image = Bytes(w => MessageWriter.Write(w, Window, new ShmImage(0, 0, 1, 1)));
            for (int i = 0; i < Count; i++)
            {
                using var peer = new RawPeer(PeerRole.Agent);
                peer.Send(image, memfd, memfd);
                Assert.Equal(ReceiveStatus.Received, peer.Channel.ReceiveAvailable());
                // The image is read; the descriptors are refused once no message can claim them.
                var error = Assert.Throws<ProtocolViolationException>(() =>
                {
                    while (peer.Channel.TryDispatch((IMessagesFromAgent)new MessageRecorder()))
                    {
                    }
                });
                Assert.Equal(ProtocolViolation.UnexpectedFd, error.Violation);
            }
        }

        Assert.Equal(before, ProcSelf.CountOpenFds());
    }

    private static IAgentGrant Filled(MemfdGrantAllocator allocator, long size, int seed)
    {
        IAgentGrant grant = allocator.Allocate(size);
        unsafe
        {
            byte* bytes = (byte*)grant.Address;
            for (long i = 0; i < size; i++)
            {
                bytes[i] = (byte)(i * seed + seed);
            }
        }

        return grant;
    }

    private static unsafe void AssertPattern(nint address, long size, int seed)
    {
        byte* bytes = (byte*)address;
        for (long i = 0; i < size; i += 4093)
        {
            Assert.Equal((byte)(i * seed + seed), bytes[i]);
        }

        Assert.Equal((byte)((size - 1) * seed + seed), bytes[size - 1]);
    }

    private static byte[] Bytes(Func<byte[], int> write)
    {
        var buffer = new byte[MessageReader.MaxMessageSize];
        return buffer[..write(buffer)];
    }
}
