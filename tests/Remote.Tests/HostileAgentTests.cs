using System.IO.Pipes;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// A hostile agent in the far qube against the exporter, which runs outside the qube's sandbox (the
/// far user's `guivirt remote keep`) and keeps a last frame of every window: a real exporter
/// between a real agent channel and pipes, the test playing the agent. It gets no more of the
/// exporter's memory than the importer would give: at most <see cref="RemoteLimits.MaxWindows"/>
/// windows and <see cref="RemoteLimits.MaxBufferBytes"/> of buffers, then the link ends
/// (ResourceLimitExceeded), as the daemon ends a qube. A buffer announced again replaces the old one.
/// </summary>
public sealed class HostileAgentTests
{
    [Fact]
    public void OneWindowMoreThanTheBoundEndsTheLink()
    {
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(8 * 8 * 4);
        ProtocolViolationException refused = Assert.Throws<ProtocolViolationException>(() => RunAgainst(agent =>
        {
            for (uint id = 1; id <= RemoteLimits.MaxWindows + 1; id++)
            {
                agent.Send(new WindowId(id), new WindowDump(8, 8, 8 * 4), grant.ShareHandle);
                Flush(agent);
            }
        }));
        Assert.Equal(ProtocolViolation.ResourceLimitExceeded, refused.Violation);
    }

    [Fact]
    public void BuffersOverTheBoundEndTheLinkButOneAnnouncedAgainReplacesItsOldOne()
    {
        // The largest window the protocol allows: 384 MiB (a sparse memfd: nothing is written to it).
        const int Width = Limits.MaxWindowWidth, Height = Limits.MaxWindowHeight;
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(Limits.MaxGrantBytes);
        ProtocolViolationException refused = Assert.Throws<ProtocolViolationException>(() => RunAgainst(agent =>
        {
            // Window 1 again and again: always one buffer of 384 MiB.
            for (int i = 0; i < 4; i++)
            {
                agent.Send(new WindowId(1), new WindowDump(Width, Height, Width * 4), grant.ShareHandle);
                Flush(agent);
            }

            // Two more windows: 1152 MiB in all, over the 1 GiB bound at the third.
            agent.Send(new WindowId(2), new WindowDump(Width, Height, Width * 4), grant.ShareHandle);
            agent.Send(new WindowId(3), new WindowDump(Width, Height, Width * 4), grant.ShareHandle);
            Flush(agent);
        }));
        Assert.Equal(ProtocolViolation.ResourceLimitExceeded, refused.Violation);
    }

    [Fact]
    public void AGrantSmallerThanItsDumpEndsTheLink()
    {
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(64 * 64 * 4);
        ProtocolViolationException refused = Assert.Throws<ProtocolViolationException>(() => RunAgainst(agent =>
        {
            agent.Send(new WindowId(1), new WindowDump(64, 65, 64 * 4), grant.ShareHandle);
            Flush(agent);
        }));
        Assert.NotEqual(ProtocolViolation.None, refused.Violation);
    }

    /// <summary>
    /// Runs an exporter whose agent is <paramref name="hostile"/> and whose link end answers the
    /// hello and reads everything; returns when the exporter ends, rethrowing why.
    /// </summary>
    private static void RunAgainst(Action<MessageChannel> hostile)
    {
        var (daemonEnd, agentEnd) = MessageChannel.CreatePair();
        using var toExporter = new AnonymousPipeServerStream(PipeDirection.Out);
        using var fromTest = new AnonymousPipeClientStream(PipeDirection.In, toExporter.ClientSafePipeHandle);
        using var fromExporter = new AnonymousPipeServerStream(PipeDirection.In);
        using var toTest = new AnonymousPipeClientStream(PipeDirection.Out, fromExporter.ClientSafePipeHandle);
        var exporter = new Exporter(daemonEnd, fromTest, toTest);
        var drain = new Thread(() => Drain(fromExporter)) { IsBackground = true };
        drain.Start();
        Exception? ended = null;
        var running = new Thread(() =>
        {
            try
            {
                exporter.Run();
            }
            catch (Exception e)
            {
                ended = e;
            }
        }) { IsBackground = true };
        running.Start();
        try
        {
            agentEnd.SendHandshake([1, 0, 0, 0]);
            Flush(agentEnd);
            new RecordWriter(toExporter).Write(RecordKind.Hello, new byte[20]);
            try
            {
                hostile(agentEnd);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // the exporter hung up on the agent: what a refusal looks like from the agent's side
            }

            Assert.True(running.Join(30_000), $"the exporter did not end; {ended}");
        }
        finally
        {
            agentEnd.Dispose();
            toExporter.Dispose();
            running.Join(10_000);
            daemonEnd.Dispose();
        }

        if (ended is not null)
        {
            throw ended;
        }
    }

    /// <summary>Reads the exporter's link to its end, so that it never waits to write; a read a signal interrupted (EINTR) is read again.</summary>
    private static void Drain(Stream link)
    {
        byte[] buffer = new byte[1 << 16];
        while (true)
        {
            try
            {
                if (link.Read(buffer) == 0)
                {
                    return;
                }
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.Interrupted })
            {
                // read again
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return; // the test closed the pipe
            }
        }
    }

    private static void Flush(MessageChannel channel) => channel.FlushAsync().Wait(10_000);
}
