using System.IO.Pipes;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// COPY (docs/remote.md) end to end in one process: the real <see cref="Exporter"/> reads a real
/// sealed memfd grant that this test fills as an agent would, and sends over pipes to the real
/// <see cref="Importer"/>, whose buffer this test maps as the daemon would. A window that scrolls
/// one line at a time must arrive pixel exact, sent as COPYs and RECTs of little more than the
/// new lines.
/// </summary>
public sealed unsafe class ScrollCopyTests : IDisposable
{
    private const int Width = 200, Height = 120, Line = 20, Scrolls = 5;
    private const uint Window = 3;
    private readonly (MessageChannel DaemonEnd, MessageChannel AgentEnd) _agentSide = MessageChannel.CreatePair();
    private readonly (MessageChannel DaemonEnd, MessageChannel AgentEnd) _daemonSide = MessageChannel.CreatePair();
    private readonly AnonymousPipeServerStream _down = new(PipeDirection.Out), _up = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _downIn, _upIn;
    private readonly Exporter _exporter;
    private readonly Importer _importer;
    private readonly Thread _exporting, _importing;
    private readonly IAgentGrant _grant = new MemfdGrantAllocator().Allocate(Width * Height * 4);

    public ScrollCopyTests()
    {
        _downIn = new AnonymousPipeClientStream(PipeDirection.In, _down.ClientSafePipeHandle);
        _upIn = new AnonymousPipeClientStream(PipeDirection.In, _up.ClientSafePipeHandle);
        _exporter = new Exporter(_agentSide.DaemonEnd, _upIn, _down);
        _importer = new Importer(_downIn, _up, _daemonSide.AgentEnd);
        _exporting = new Thread(Quietly(_exporter.Run)) { IsBackground = true };
        _importing = new Thread(Quietly(_importer.Run)) { IsBackground = true };
        _exporting.Start();
        _importing.Start();
    }

    public void Dispose()
    {
        _agentSide.AgentEnd.Dispose(); // the exporter's agent is gone: it ends, and its link with it
        _exporting.Join(5000);
        _down.Dispose();
        _importing.Join(5000);
        _importer.Dispose();
        foreach (IDisposable part in new IDisposable[] { _up, _downIn, _upIn, _grant, _agentSide.DaemonEnd, _daemonSide.DaemonEnd, _daemonSide.AgentEnd })
        {
            part.Dispose();
        }
    }

    [Fact]
    public void AWindowThatScrollsArrivesPixelExactThroughCopies()
    {
        MessageChannel agent = _agentSide.AgentEnd, daemon = _daemonSide.DaemonEnd;
        agent.SendHandshake(new byte[4]);
        Flush(agent);
        WaitForBytes(daemon, 4);
        daemon.SendHandshake(new byte[20]);
        Flush(daemon);
        WaitForBytes(agent, 20);

        var pixels = new Span<byte>((void*)_grant.Address, Width * Height * 4);
        for (int row = 0; row < Height; row++)
        {
            Row(row).CopyTo(pixels.Slice(row * Width * 4, Width * 4));
        }

        agent.Send(new WindowId(Window), new WindowDump(Width, Height, Width * 4), _grant.ShareHandle);
        Flush(agent);
        ReceivedMessage dump = default;
        Assert.True(Receive(daemon) && daemon.TryReadMessage(out dump), "no WINDOW_DUMP from the importer");
        Assert.Equal(MessageType.WindowDump, dump.Header.Type);
        Assert.Equal(ProtocolViolation.None, new MemfdGrantMapper().TryMap(dump.UntrustedFd!, Width * Height * 4, out IMappedGrant? shown));
        using (shown)
        {
            var imported = new ReadOnlySpan<byte>((void*)shown!.Address, Width * Height * 4);
            WaitUntilShown(daemon, imported, pixels);
            long firstFrame = _exporter.RectBytesSent;
            for (int scroll = 1; scroll <= Scrolls; scroll++)
            {
                // The text moves up one line (what XCopyArea does in the grant), a new line comes in at the bottom.
                pixels[(Line * Width * 4)..].CopyTo(pixels);
                for (int row = Height - Line; row < Height; row++)
                {
                    Row((scroll * Line) + row).CopyTo(pixels.Slice(row * Width * 4, Width * 4));
                }

                agent.Send(new WindowId(Window), new ShmImage(0, 0, Width, Height));
                Flush(agent);
                WaitUntilShown(daemon, imported, pixels);
            }

            Assert.Equal(Scrolls, _exporter.CopiesSent);
            long perScroll = (_exporter.RectBytesSent - firstFrame) / Scrolls;
            // One line in six is new (random, so incompressible); without the COPY every line would differ.
            Assert.True(perScroll * 3 < firstFrame, $"{perScroll} bytes of RECT a scroll, the whole frame {firstFrame}");
        }
    }

    /// <summary>
    /// Row <paramref name="n"/> of the text, shaped as a terminal's (TestApp's TextPattern): each line's
    /// first and last 4 rows blank, and the glyph rows in identical pairs (dots of 2x2 pixels), so
    /// that no row is unique; random pixels otherwise, so that a wrong pixel cannot pass unseen.
    /// </summary>
    private static byte[] Row(int n)
    {
        byte[] row = new byte[Width * 4];
        if (n % Line is >= 4 and < Line - 4)
        {
            new Random(n / 2).NextBytes(row);
        }
        else
        {
            row.AsSpan().Fill(0xFF);
        }

        return row;
    }

    /// <summary>Reads the importer's messages to the daemon until its buffer shows <paramref name="expected"/>; fails when they stop first.</summary>
    private static void WaitUntilShown(MessageChannel daemon, ReadOnlySpan<byte> imported, ReadOnlySpan<byte> expected)
    {
        while (!imported.SequenceEqual(expected))
        {
            while (daemon.TryReadMessage(out ReceivedMessage message))
            {
                Assert.Equal(MessageType.ShmImage, message.Header.Type);
            }

            Assert.True(imported.SequenceEqual(expected) || Receive(daemon), "the importer's buffer never showed the frame");
        }
    }

    private static void WaitForBytes(MessageChannel channel, int count)
    {
        while (channel.Pending.Length < count)
        {
            Assert.True(Receive(channel), "no handshake");
        }

        channel.Consume(count);
    }

    private static bool Receive(MessageChannel channel) => channel.ReceiveAsync().AsTask().Wait(5000);

    private static void Flush(MessageChannel channel) => channel.FlushAsync().Wait();

    private static ThreadStart Quietly(Action run) => () =>
    {
        try
        {
            run();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or RemoteStreamException)
        {
            // the test has ended the link
        }
    };
}
