using GuiVirt.Protocol;
using GuiVirt.Remote;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.RemoteFuzz;

/// <summary>
/// One fuzz input as the far side's whole GVR1 stream, read by the real <see cref="Importer"/>
/// (its <see cref="Importer.Run"/>, as `guivirt remote import` runs it) on a real qube socket
/// pair whose daemon end is a <see cref="DaemonSide"/>. An input ends cleanly, or is refused with
/// <see cref="RemoteStreamException"/> (or <see cref="ProtocolViolationException"/> for a relayed
/// header, as documented on <see cref="Importer.Run"/>): the link would end. Anything else
/// escapes and is a crash, as is anything the daemon would not take, an ACK for a rectangle
/// the daemon was not told of, or a hang (AFL's timeout).
/// </summary>
public static class RemoteHarness
{
    // As `guivirt remote import` (Cli/Remote/RemoteCommands.cs) opens the qube's socket.
    private static readonly ChannelOptions Options = new() { OutboundLimitBytes = 8 << 20 };

    /// <summary>How a run ended (for --replay and the tests).</summary>
    public enum Outcome
    {
        /// <summary>The stream ended between records, or the daemon closed the socket.</summary>
        Ended,

        /// <summary>The importer refused the stream: the link would end.</summary>
        Refused,
    }

    /// <summary>Runs one input; throws for anything but a clean end or a refusal.</summary>
    public static Outcome Run(ReadOnlySpan<byte> input) => Run(input, out _);

    /// <summary>Runs one input; <paramref name="refusal"/> is why it was refused.</summary>
    public static Outcome Run(ReadOnlySpan<byte> input, out Exception? refusal)
    {
        refusal = null;
        (MessageChannel daemonEnd, MessageChannel importerEnd) = MessageChannel.CreatePair(Options);
        var toExporter = new MemoryStream();
        using var daemon = new DaemonSide(daemonEnd);
        using (var importer = new Importer(new MemoryStream(input.ToArray(), writable: false), toExporter, importerEnd))
        {
            try
            {
                importer.Run();
            }
            catch (Exception e) when (e is RemoteStreamException or ProtocolViolationException && daemon.Failure is null)
            {
                refusal = e;
            }
            catch (Exception) when (daemon.Failure is not null)
            {
                throw new InvariantException("the daemon's end stopped reading", daemon.Failure);
            }
            finally
            {
                // As the importer's process exits: its socket closes, the daemon reads the rest.
                importerEnd.Dispose();
                daemon.Join();
                if (toExporter.Length > 0)
                {
                    importer.DaemonGone.Task.Wait(); // the relay thread (started after the hello) is over
                }
            }
        }

        if (daemon.Failure is not null)
        {
            throw new InvariantException("the importer sent the daemon what it would refuse from an agent", daemon.Failure);
        }

        CheckAnswers(toExporter.ToArray(), daemon);
        return refusal is null ? Outcome.Ended : Outcome.Refused;
    }

    /// <summary>
    /// What the importer wrote back to the far side: nothing before the daemon answered; then the
    /// daemon's hello, unchanged, and ACKs: one for each RECT, which the daemon got as a SHMIMAGE
    /// (a COPY's moved rows reach the daemon as a SHMIMAGE too, with no ACK: so at most one each).
    /// </summary>
    private static void CheckAnswers(byte[] written, DaemonSide daemon)
    {
        var reader = new RecordReader(new MemoryStream(written));
        if (!reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> hello))
        {
            Expect(daemon.ShmImages == 0, "the daemon was told of pixels but the exporter got no hello");
            return;
        }

        Expect(kind == RecordKind.Hello && daemon.Hello is not null && hello.SequenceEqual(daemon.Hello), "the importer's first record is not the daemon's hello");
        int acks = 0;
        while (reader.TryRead(out kind, out _))
        {
            Expect(kind == RecordKind.Ack, $"the importer sent the exporter a {kind} the daemon never sent");
            acks++;
        }

        Expect(acks <= daemon.ShmImages, $"{acks} ACKs for {daemon.ShmImages} rectangles put");
    }

    private static void Expect(bool holds, string broken)
    {
        if (!holds)
        {
            throw new InvariantException(broken);
        }
    }
}
