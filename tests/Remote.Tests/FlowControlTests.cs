using System.Buffers.Binary;
using System.IO.Pipes;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// The exporter's flow control (docs/remote.md, "Flow control"), with a real exporter between a
/// real agent channel and pipes: the test plays the agent (a window's grant and its damage) and a
/// reader that does not acknowledge. However much damage comes, no more than
/// <see cref="RemoteLimits.RectsInFlight"/> RECTs await their ACK; the rest waits, merged, and goes
/// out as the newest pixels once ACKs come: the exporter's queue never grows with the damage.
/// </summary>
public sealed class FlowControlTests
{
    private const uint Window = 5;
    private const int Width = 128, Height = 128;

    [Fact]
    public unsafe void A_reader_that_does_not_acknowledge_never_has_more_than_the_bound_in_flight()
    {
        var (daemonEnd, agentEnd) = MessageChannel.CreatePair();
        using var toExporter = new AnonymousPipeServerStream(PipeDirection.Out);
        using var fromTest = new AnonymousPipeClientStream(PipeDirection.In, toExporter.ClientSafePipeHandle);
        using var fromExporter = new AnonymousPipeServerStream(PipeDirection.In);
        using var toTest = new AnonymousPipeClientStream(PipeDirection.Out, fromExporter.ClientSafePipeHandle);
        var exporter = new Exporter(daemonEnd, fromTest, toTest);
        var link = new LinkReader(fromExporter);
        var running = new Thread(() => RunQuietly(exporter)) { IsBackground = true };
        running.Start();
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(Width * Height * 4);
        var pixels = new Span<byte>((void*)grant.Address, Width * Height * 4);
        var random = new Random(11);
        var importer = new RecordWriter(toExporter);
        try
        {
            agentEnd.SendHandshake([1, 0, 0, 0]);
            Flush(agentEnd);
            link.WaitFor(RecordKind.Hello, 1);
            importer.Write(RecordKind.Hello, new byte[20]);
            agentEnd.Send(new WindowId(Window), new WindowDump(Width, Height, Width * 4), grant.ShareHandle);

            // Forty 1x1 changes, never acknowledged: the new buffer's whole rectangle and three of them go out.
            for (int i = 0; i < 40; i++)
            {
                pixels[i * 4] = (byte)(i + 1);
                agentEnd.Send(new WindowId(Window), new ShmImage(i, 0, 1, 1));
            }

            Mark(agentEnd, link, 1);
            Assert.Equal(RemoteLimits.RectsInFlight, link.Rects.Count);

            // Thirty frames of noise, each handled before the next is drawn, still never acknowledged: nothing more goes out.
            for (int frame = 0; frame < 30; frame++)
            {
                random.NextBytes(pixels);
                agentEnd.Send(new WindowId(Window), new ShmImage(0, 0, Width, Height));
                Mark(agentEnd, link, 2 + frame);
            }

            Assert.Equal(RemoteLimits.RectsInFlight, link.Rects.Count);

            // The reader catches up: every RECT acknowledged, the merged newest damage follows, within the bound again.
            for (int i = 0; i < RemoteLimits.RectsInFlight; i++)
            {
                link.Acknowledge(i, importer);
            }

            link.WaitFor(RecordKind.Rect, RemoteLimits.RectsInFlight + 1); // the damage waiting, sent after the ACKs
            Assert.True(link.MostInFlight <= RemoteLimits.RectsInFlight, $"{link.MostInFlight} RECTs in flight");
        }
        finally
        {
            agentEnd.Dispose();
            toExporter.Dispose();
            running.Join(10_000);
            daemonEnd.Dispose();
        }
    }

    /// <summary>A relayed message after everything sent so far: once it is on the link, the exporter has handled all before it.</summary>
    private static void Mark(MessageChannel agent, LinkReader link, int count)
    {
        agent.SendClipboardData("mark"u8);
        Flush(agent);
        link.WaitFor(RecordKind.Message, count);
    }

    private static void Flush(MessageChannel channel) => channel.FlushAsync().Wait(10_000);

    private static void RunQuietly(Exporter exporter)
    {
        try
        {
            exporter.Run();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or ProtocolViolationException or RemoteStreamException)
        {
            // the test ended the agent or the link
        }
    }

    /// <summary>Reads the exporter's records on a thread of its own, counting RECTs not yet acknowledged by the test.</summary>
    private sealed class LinkReader
    {
        private readonly object _lock = new();
        private readonly Dictionary<RecordKind, int> _counts = [];
        private readonly List<uint> _rects = [];

        public LinkReader(Stream input) => new Thread(() => Read(input)) { IsBackground = true }.Start();

        public IReadOnlyList<uint> Rects
        {
            get
            {
                lock (_lock)
                {
                    return [.. _rects];
                }
            }
        }

        /// <summary>The most RECTs read beyond those the test had acknowledged, when each RECT was read.</summary>
        public long MostInFlight { get; private set; }

        private long _acknowledged;

        /// <summary>Acknowledges the <paramref name="index"/>th RECT, counted as acknowledged before the exporter can see the ACK.</summary>
        public void Acknowledge(int index, RecordWriter importer)
        {
            uint sequence = Rects[index];
            lock (_lock)
            {
                _acknowledged++;
            }

            byte[] ack = new byte[RemoteLimits.AckBytes];
            BinaryPrimitives.WriteUInt32LittleEndian(ack, Window);
            BinaryPrimitives.WriteUInt32LittleEndian(ack.AsSpan(4), sequence);
            importer.Write(RecordKind.Ack, ack);
        }

        public void WaitFor(RecordKind kind, int count)
        {
            lock (_lock)
            {
                while (_counts.GetValueOrDefault(kind) < count)
                {
                    Assert.True(Monitor.Wait(_lock, 10_000) || _counts.GetValueOrDefault(kind) >= count, $"no {count}th {kind} record from the exporter");
                }
            }
        }

        private void Read(Stream input)
        {
            var reader = new RecordReader(input);
            long sent = 0;
            try
            {
                while (reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> payload))
                {
                    lock (_lock)
                    {
                        if (kind == RecordKind.Rect)
                        {
                            _rects.Add(BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]));
                            sent++;
                            MostInFlight = Math.Max(MostInFlight, sent - _acknowledged);
                        }

                        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
                        Monitor.PulseAll(_lock);
                    }
                }
            }
            catch (IOException)
            {
                // the exporter ended
            }
        }
    }
}
