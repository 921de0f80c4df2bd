using System.Text;
using GuiVirt.Protocol;
using GuiVirt.TestSupport;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// File copy between qubes: a hostile source (names that climb out of ~/Incoming, control
/// characters, names longer than NAME_MAX, sizes that lie, chunks beyond the flow-control window,
/// a forged source name) and a hostile target that never acknowledges. The other side of each copy
/// is an honest raw agent on the scenario's peer qube (<see cref="HostileContext.PeerQube"/>);
/// `guivirt copy` is run as a user would, and must fail with exit code 1.
/// </summary>
public static partial class HostileScenarios
{
    /// <summary>The bytes an honest source peer sends: more than the flow-control window.</summary>
    private const int PeerFileBytes = 10 * 1000;

    private static IEnumerable<HostileScenario> Copy()
    {
        yield return HostileScenario.Violation("copy-name-dotdot", "a copy's source names its file \"../x\" (out of ~/Incoming/SOURCE)", FileNameInvalid,
            HostileSource(Wire.FileHeader(3, "../x")));
        yield return HostileScenario.Violation("copy-name-slash", "a copy's source names its file \"a/b\"", FileNameInvalid,
            HostileSource(Wire.FileHeader(3, "a/b")));
        yield return HostileScenario.Violation("copy-name-escape", "a copy's source names its file \"\\x1b[31m\" (a terminal escape)", FileNameInvalid,
            HostileSource(Wire.FileHeader(3, "\u001b[31m")));
        yield return HostileScenario.Violation("copy-name-300", "a copy's source names its file with 300 bytes: the first 256 fill the name field, no NUL", FileNameInvalid,
            HostileSource(Wire.FileHeader(3, Encoding.ASCII.GetBytes(new string('n', 300)))));
        yield return HostileScenario.Violation("copy-from-forged", "a copy's source fills FILE_HEADER's source field (\"honest\") to pass for another qube", FileFromNotEmpty,
            HostileSource(Wire.FileHeader(3, Wire.Padded("notes"u8.ToArray(), Limits.FileNameBytes), "honest"u8)));
        yield return HostileScenario.Violation("copy-size-longer", "a copy's source announces 10 bytes and sends 11", FileLongerThanAnnounced,
            HostileSource([.. Wire.FileHeader(10, "lies"), .. Wire.FileData(new byte[6]), .. Wire.FileData(new byte[5])], partialAtTarget: true));
        yield return HostileScenario.Violation("copy-size-shorter", "a copy's source announces 100 bytes, sends 10 and FILE_END", FileShorterThanAnnounced,
            HostileSource([.. Wire.FileHeader(100, "short"), .. Wire.FileData(new byte[10]), .. Wire.File(MessageType.FileEnd)], partialAtTarget: true));
        yield return HostileScenario.Violation("copy-chunk-flood", "a copy's source sends 5 chunks at once: one beyond the 4 not yet acknowledged (the target does not acknowledge)", FileTooManyChunks,
            HostileSource([.. Wire.FileHeader(1000, "flood"), .. Enumerable.Range(0, 5).SelectMany(_ => Wire.FileData(new byte[10]))], partialAtTarget: true, peerAcknowledges: false));
        yield return HostileScenario.Violation("copy-unasked", "FILE_DATA from a qube no copy asked anything of", FileUnexpected,
            Sends(Wire.FileData("unasked"u8)));
        yield return new HostileScenario("copy-target-no-ack", "a copy's target takes the header and chunks and never acknowledges", Verdict.Contained,
            ": file copy from p-copy-target-no-ack to copy-target-no-ack failed: qube copy-target-no-ack acknowledged nothing more",
            async context =>
            {
                int chunks = 0;
                Attacker source = await context.ConnectPeerAsync();
                source.OnMessage = (type, _) =>
                {
                    // An honest source: header, then a chunk for each acknowledgement, within the window.
                    if (type == MessageType.FileSend)
                    {
                        source.Send(Wire.FileHeader(PeerFileBytes, "big"));
                        for (; chunks < Limits.FileChunksInFlight; chunks++)
                        {
                            source.Send(Wire.FileData(new byte[1000]));
                        }
                    }
                    else if (type == MessageType.FileAck && chunks < PeerFileBytes / 1000)
                    {
                        chunks++;
                        source.Send(Wire.FileData(new byte[1000]));
                    }
                    else if (type == MessageType.FileCancel)
                    {
                        source.Send(Wire.File(MessageType.FileCancel));
                    }
                };
                Attacker target = await context.ConnectAsync(); // reads everything, answers nothing
                var copy = Task.Run(() => GuivirtCli.Run(context.Daemon.SocketDirectory, "copy", $"{context.PeerQube}:big", context.Qube));
                await target.WaitForAsync(MessageType.FileData);
                // One copy at a time: a second one while this one is stalled is refused, not queued.
                (int code, string output, string errors) = GuivirtCli.Run(context.Daemon.SocketDirectory, "copy", $"{context.PeerQube}:other", context.Qube);
                Assert.True(code == 1 && errors.Contains("is in progress", StringComparison.Ordinal), $"a second copy: exit {code}: {output}{errors}");
                (code, output, errors) = await copy;
                Assert.True(code == 1, $"guivirt copy: exit {code}: {output}{errors}");
                Assert.Contains("acknowledged nothing more", errors, StringComparison.Ordinal);
                // Flow control: the daemon relayed the window's chunks and held back the rest.
                Assert.Equal(Limits.FileChunksInFlight, target.Received.Count(t => t == MessageType.FileData));
                await target.WaitForAsync(MessageType.FileCancel);
                await source.WaitForAsync(MessageType.FileCancel);
            },
            QubeSettings: "");
    }

    /// <summary>
    /// The scenario's qube is the source of a copy into its peer (an honest target that
    /// acknowledges each chunk and FILE_END unless told not to, and answers FILE_CANCEL); when the
    /// daemon asks for the file it sends <paramref name="answer"/>. `guivirt copy` fails; with
    /// <paramref name="partialAtTarget"/>, the target was told to remove its partial file.
    /// </summary>
    private static Func<HostileContext, Task> HostileSource(byte[] answer, bool partialAtTarget = false, bool peerAcknowledges = true) => async context =>
    {
        Attacker target = await context.ConnectPeerAsync();
        target.OnMessage = (type, _) =>
        {
            if ((type == MessageType.FileData && peerAcknowledges) || type == MessageType.FileEnd)
            {
                target.Send(Wire.File(MessageType.FileAck));
            }
            else if (type == MessageType.FileCancel)
            {
                target.Send(Wire.File(MessageType.FileCancel));
            }
        };
        Attacker source = await context.ConnectAsync();
        source.OnMessage = (type, _) =>
        {
            if (type == MessageType.FileSend)
            {
                source.Send(answer);
            }
        };
        (int code, string output, string errors) = await Task.Run(() => GuivirtCli.Run(context.Daemon.SocketDirectory, "copy", $"{context.Qube}:/home/user/file", context.PeerQube));
        Assert.True(code == 1, $"guivirt copy: exit {code}: {output}{errors}");
        Assert.Contains($"qube {context.Qube} broke the protocol", errors, StringComparison.Ordinal);
        if (partialAtTarget)
        {
            await target.WaitForAsync(MessageType.FileCancel); // the target removes what it had
        }
        else
        {
            Assert.DoesNotContain(MessageType.FileHeader, target.Received); // nothing reached the target
        }
    };
}
