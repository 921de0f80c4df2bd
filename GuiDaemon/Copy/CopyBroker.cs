using System.Net.Sockets;
using GuiVirt.GuiDaemon.Clipboard;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.GuiDaemon.Copy;

/// <summary>
/// The only way files move between qubes (`guivirt copy SOURCE:PATH... TARGET`), and the one place
/// the daemon checks a copy. The source qube's agent reads each file inside the source (the host
/// never opens a file of a qube's home) and the target's agent writes it inside the target, in
/// ~/Incoming/SOURCE; the daemon relays the bytes without looking at them, one chunk at a time.
/// Checked here: the policy (<c>[[copy.rule]]</c>) before anything is sent; each step comes from
/// the qube whose turn it is; each name is one path component and each size within the limits
/// (<c>Protocol</c>: <see cref="FileNames"/>, <see cref="Limits"/>), the total within
/// <see cref="Limits.MaxCopyBytes"/>; the bytes sent add up to exactly the announced size; at most
/// <see cref="Limits.FileChunksInFlight"/> chunks of the source are unacknowledged by the target, so
/// the daemon holds at most that many chunks for a target that is behind. A qube that breaks these
/// rules is disconnected (a <see cref="ProtocolViolationException"/> out of its handler); a qube
/// that stalls makes the copy fail after the configured timeout. When a copy ends early, both
/// qubes get FILE_CANCEL (the target removes its partial file) and are out of copies until they
/// answer it. One copy at a time; each gets a trusted notice and an audit line.
/// </summary>
internal sealed class CopyBroker(DaemonConfig config, AuditLog audit, Action<string, bool> notify, TimeProvider time)
{
    // Qubes sent FILE_CANCEL whose answer has not come: what they still send of the old copy is
    // dropped, and they take no part in a new one until then.
    private readonly HashSet<QubeSession> _stopping = [];
    private readonly List<(QubeSession Session, string Reason)> _cutOff = [];
    private CopyInProgress? _copy;

    private TimeSpan Timeout => TimeSpan.FromSeconds(config.Copy.TimeoutSeconds);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Starts a copy the user asked for; the task completes with the answer for `guivirt copy`.
    /// The paths are the user's (host side), sent to the source as they are.
    /// </summary>
    public Task<ControlResponse> Start(QubeSession source, QubeSession target, IReadOnlyList<string> paths)
    {
        string from = source.Qube.Name, to = target.Qube.Name;
        if (!config.Copy.Enabled)
        {
            return Answer(false, "file copy between qubes is off in the configuration ([copy] enabled = false)");
        }

        if (source == target)
        {
            return Answer(false, $"the source and the target are the same qube ({from})");
        }

        if (paths.Count is 0 or > Limits.MaxCopyFiles)
        {
            return Answer(false, $"copy 1 to {Limits.MaxCopyFiles} files at a time");
        }

        if (paths.FirstOrDefault(path => !FileSend.IsValidPath(path)) is { } bad)
        {
            return Answer(false, $"'{bad}' is not a path that can be sent (empty, a NUL, or over {Limits.FilePathBytes - 1} bytes)");
        }

        if (!FlowRule.Allows(config.Copy.Rules, from, to))
        {
            // Security: refused before the source is asked anything: nothing leaves it, nothing reaches the target.
            audit.Write("file-copy", from, to, 0, "denied", 0);
            notify($"Denied: copying files from {from} to {to}", false);
            return Answer(false, $"the policy denies copying files from {from} to {to} ([[copy.rule]])");
        }

        if (_copy is { } running)
        {
            return Answer(false, $"a copy from {running.Describe} is in progress; try again when it has ended");
        }

        if (_stopping.FirstOrDefault(s => s == source || s == target) is { } busy)
        {
            return Answer(false, $"qube {busy.Qube.Name} has not yet stopped its last copy; try again");
        }

        var copy = new CopyInProgress(source, target, paths) { Deadline = Now + Timeout };
        _copy = copy;
        Log.Info($"file copy from {copy.Describe}: {paths.Count} files asked for");
        AskForNext(copy);
        return copy.Outcome.Task;
    }

    /// <summary>FILE_HEADER from a qube: only the source, only when asked for a file.</summary>
    public void OnHeader(QubeSession from, FileHeader header)
    {
        if (_stopping.Contains(from))
        {
            return; // of the cancelled copy: dropped
        }

        CopyInProgress copy = Expect(from, c => c.Source == from && c.Step == CopyStep.AwaitingHeader);
        if (copy.Bytes + header.Size > Limits.MaxCopyBytes)
        {
            Fail(copy, null, "too-large", $"the files add up to more than {Limits.MaxCopyBytes} bytes (4 GiB), the most one copy may move");
            return;
        }

        (copy.Step, copy.Name, copy.Size, copy.Received, copy.SourceUnacknowledged, copy.TargetOutstanding) = (CopyStep.Data, header.Name, header.Size, 0, 0, 0);
        copy.Deadline = Now + Timeout;
        // The source's name for itself is not asked: the daemon names the source qube.
        TrySend(copy, copy.Target, channel => channel.Send(WindowId.None, new FileHeader(header.Size, header.Name, copy.Source.Qube.Name)));
    }

    /// <summary>FILE_DATA from a qube: only the source, within the window and the announced size; relayed as it is.</summary>
    public void OnData(QubeSession from, ReadOnlySpan<byte> untrustedBytes)
    {
        if (_stopping.Contains(from))
        {
            return;
        }

        CopyInProgress copy = Expect(from, c => c.Source == from && c.Step == CopyStep.Data);
        // Security: flow control. A source that does not wait for acknowledgements would make the
        // daemon hold its chunks for a target that is behind: one chunk beyond the window is a violation.
        if (copy.SourceUnacknowledged >= Limits.FileChunksInFlight)
        {
            throw Violation(copy, from, ProtocolViolation.FileTooManyChunks);
        }

        // Security: the target gets exactly the announced size, never more.
        if (copy.Received + untrustedBytes.Length > copy.Size)
        {
            throw Violation(copy, from, ProtocolViolation.FileLongerThanAnnounced);
        }

        copy.Received += untrustedBytes.Length;
        copy.SourceUnacknowledged++;
        copy.TargetOutstanding++;
        copy.Deadline = Now + Timeout;
        try
        {
            copy.Target.Channel.SendFileData(untrustedBytes); // never interpreted: the target's bytes
        }
        catch (Exception e) when (IsSendFailure(e))
        {
            CutOff(copy, copy.Target, e);
        }
    }

    /// <summary>FILE_END from a qube: only the source, and only after exactly the announced bytes.</summary>
    public void OnEnd(QubeSession from)
    {
        if (_stopping.Contains(from))
        {
            return;
        }

        CopyInProgress copy = Expect(from, c => c.Source == from && c.Step == CopyStep.Data);
        if (copy.Received != copy.Size)
        {
            throw Violation(copy, from, ProtocolViolation.FileShorterThanAnnounced);
        }

        copy.Step = CopyStep.Closing;
        copy.TargetOutstanding++;
        copy.Deadline = Now + Timeout;
        TrySend(copy, copy.Target, channel => channel.SendEmpty(MessageType.FileEnd, WindowId.None));
    }

    /// <summary>FILE_ACK from a qube: only the target, only for what it was sent.</summary>
    public void OnAck(QubeSession from)
    {
        if (_stopping.Contains(from))
        {
            return;
        }

        CopyInProgress copy = Expect(from, c => c.Target == from && c.Step != CopyStep.AwaitingHeader && c.TargetOutstanding > 0);
        copy.TargetOutstanding--;
        copy.Deadline = Now + Timeout;
        if (copy.Step == CopyStep.Data)
        {
            // One chunk written: the source may send one more.
            copy.SourceUnacknowledged--;
            TrySend(copy, copy.Source, channel => channel.SendEmpty(MessageType.FileAck, WindowId.None));
            return;
        }

        if (copy.TargetOutstanding > 0)
        {
            return; // the last chunks' acknowledgements, before FILE_END's
        }

        copy.Files++;
        copy.Bytes += copy.Size;
        copy.Index++;
        if (copy.Index < copy.Paths.Count)
        {
            AskForNext(copy);
            return;
        }

        _copy = null;
        string done = $"Copied {copy.Files} {(copy.Files == 1 ? "file" : "files")} ({copy.Bytes} bytes) from {copy.Source.Qube.Name} to {copy.Target.Qube.Name}";
        Log.Info($"file copy from {copy.Describe}: {copy.Files} files, {copy.Bytes} bytes");
        audit.Write("file-copy", copy.Source.Qube.Name, copy.Target.Qube.Name, copy.Bytes, "copied", copy.Files);
        notify(done, true);
        copy.Outcome.TrySetResult(new ControlResponse(true, $"{done}; they are in ~/Incoming/{copy.Source.Qube.Name} there"));
    }

    /// <summary>FILE_ERROR from a qube: the source refusing a file, or the target failing to write one.</summary>
    public void OnError(QubeSession from, FileError error)
    {
        if (_stopping.Contains(from))
        {
            return;
        }

        CopyInProgress copy = Expect(from, c => (c.Source == from && c.Step != CopyStep.Closing) || (c.Target == from && c.Step != CopyStep.AwaitingHeader));
        string reason = from == copy.Source
            ? $"qube {from.Qube.Name} did not send {copy.Paths[copy.Index]}: {Describe(error.Problem)}"
            : $"qube {from.Qube.Name} could not write {copy.Name}: {Describe(error.Problem)}";
        Fail(copy, null, "refused", reason);
    }

    /// <summary>FILE_CANCEL from a qube: its answer to ours; nothing more of the old copy comes from it.</summary>
    public void OnCancel(QubeSession from)
    {
        if (!_stopping.Remove(from))
        {
            throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
        }
    }

    /// <summary>Called every turn of the loop: a copy whose qube made no step in time fails.</summary>
    public void Tick()
    {
        if (_copy is not { } copy || Now <= copy.Deadline)
        {
            return;
        }

        QubeSession stalled = copy.Step == CopyStep.AwaitingHeader || (copy.Step == CopyStep.Data && copy.SourceUnacknowledged < Limits.FileChunksInFlight && copy.Received < copy.Size)
            ? copy.Source
            : copy.Target;
        string what = stalled == copy.Source ? "sent nothing more" : "acknowledged nothing more";
        Fail(copy, null, "timeout", $"qube {stalled.Qube.Name} {what} for {config.Copy.TimeoutSeconds} s", culprit: stalled);
    }

    /// <summary>A qube went away: a copy it took part in fails; <paramref name="why"/> says why, after "qube NAME".</summary>
    public void Forget(QubeSession session, string why = "was disconnected")
    {
        _stopping.Remove(session);
        if (_copy is { } copy && (copy.Source == session || copy.Target == session))
        {
            Fail(copy, session, "disconnected", $"qube {session.Qube.Name} {why}");
        }
    }

    /// <summary>
    /// Qubes that could not be sent to during a copy (their outbound buffer full, their socket
    /// gone): the daemon disconnects each, outside the handler of the qube whose message was
    /// being handled (which did nothing wrong).
    /// </summary>
    public IReadOnlyList<(QubeSession Session, string Reason)> TakeCutOff()
    {
        if (_cutOff.Count == 0)
        {
            return NoneCutOff; // every turn of the loop asks: no allocation when there is nothing
        }

        var cut = _cutOff.ToList();
        _cutOff.Clear();
        return cut;
    }

    private static readonly (QubeSession Session, string Reason)[] NoneCutOff = [];

    private static Task<ControlResponse> Answer(bool ok, string message) => Task.FromResult(new ControlResponse(ok, message));

    private static bool IsSendFailure(Exception e) => e is ProtocolViolationException or IOException or SocketException or ObjectDisposedException;

    private static string Describe(FileProblem problem) => problem switch
    {
        FileProblem.NotFound => "no such file",
        FileProblem.SymbolicLink => "it is a symbolic link (links are not followed)",
        FileProblem.Directory => "it is a directory (copy the files in it instead)",
        FileProblem.NotRegularFile => "it is not a regular file",
        FileProblem.PermissionDenied => "permission denied",
        FileProblem.TooLarge => $"it is larger than {Limits.MaxFileBytes} bytes (1 GiB)",
        FileProblem.NameNotAllowed => "its name has a control or format character, or is not UTF-8",
        FileProblem.ReadFailed => "reading it failed",
        FileProblem.NameTaken => "the name and all its numbered variants are taken",
        FileProblem.NoSpace => "no space left",
        FileProblem.WriteFailed => "writing failed",
        _ => throw new InvalidOperationException($"FILE_ERROR {problem} was not validated"),
    };

    /// <summary>The copy in progress when <paramref name="from"/> may send this now; a violation otherwise.</summary>
    private CopyInProgress Expect(QubeSession from, Func<CopyInProgress, bool> itsTurn) =>
        _copy is { } copy && itsTurn(copy) ? copy : throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);

    private void AskForNext(CopyInProgress copy)
    {
        (copy.Step, copy.Name, copy.Size, copy.Received) = (CopyStep.AwaitingHeader, "", 0, 0);
        copy.Deadline = Now + Timeout;
        TrySend(copy, copy.Source, channel => channel.Send(WindowId.None, new FileSend(copy.Paths[copy.Index])));
    }

    /// <summary>The copy fails because <paramref name="offender"/> broke the protocol; the caller throws what this returns (and the qube is disconnected).</summary>
    private ProtocolViolationException Violation(CopyInProgress copy, QubeSession offender, ProtocolViolation violation)
    {
        Fail(copy, offender, "violation", $"qube {offender.Qube.Name} broke the protocol ({violation}) and was disconnected");
        return new ProtocolViolationException(violation);
    }

    /// <summary>
    /// Ends the copy: each qube still connected (but <paramref name="gone"/>) is sent FILE_CANCEL
    /// (the target removes its partial file); files already completed stay in the target.
    /// </summary>
    private void Fail(CopyInProgress copy, QubeSession? gone, string result, string reason, QubeSession? culprit = null)
    {
        if (_copy != copy)
        {
            return;
        }

        _copy = null;
        Log.Warning($"qube {(culprit ?? gone ?? copy.Source).Qube.Name}: file copy from {copy.Describe} failed: {reason}");
        foreach (QubeSession side in (QubeSession[])[copy.Source, copy.Target])
        {
            if (side != gone && !_cutOff.Any(c => c.Session == side) && TrySend(null, side, channel => channel.SendEmpty(MessageType.FileCancel, WindowId.None)))
            {
                _stopping.Add(side);
            }
        }

        audit.Write("file-copy", copy.Source.Qube.Name, copy.Target.Qube.Name, copy.Bytes, result, copy.Files);
        string kept = copy.Files > 0 ? $"; {copy.Files} files copied before stay in ~/Incoming/{copy.Source.Qube.Name}" : "";
        notify($"File copy from {copy.Source.Qube.Name} to {copy.Target.Qube.Name} failed", false);
        copy.Outcome.TrySetResult(new ControlResponse(false, $"the copy from {copy.Describe} failed: {reason}{kept}"));
    }

    /// <summary>Sends to a qube of the copy; a qube that cannot take it is cut off (and the copy, if any, fails).</summary>
    private bool TrySend(CopyInProgress? copy, QubeSession to, Action<SharedMemory.Channel.MessageChannel> send)
    {
        try
        {
            send(to.Channel);
            return true;
        }
        catch (Exception e) when (IsSendFailure(e))
        {
            if (copy is null)
            {
                _cutOff.Add((to, e.Message));
            }
            else
            {
                CutOff(copy, to, e);
            }

            return false;
        }
    }

    private void CutOff(CopyInProgress copy, QubeSession to, Exception e)
    {
        _cutOff.Add((to, e.Message));
        Fail(copy, to, "disconnected", $"qube {to.Qube.Name} could not be sent the copy ({e.Message})");
    }
}
