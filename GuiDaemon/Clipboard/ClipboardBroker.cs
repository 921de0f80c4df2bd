using System.Text.Unicode;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>
/// The only way clipboard text moves between qubes. Copy: the hotkey in a qube's window asks that
/// qube (CLIPBOARD_REQ); only its answer to that request, in time, is accepted, and only if it is
/// UTF-8 within the size limit. Paste: the hotkey in another window sends it, if the policy allows,
/// then the buffer is wiped: one paste per copy. Every step gets a trusted notice and an audit line.
/// </summary>
internal sealed class ClipboardBroker(DaemonConfig config, AuditLog audit, Action<string, bool> notify, TimeProvider time)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);

    // Unrequested data is reported at most once a second, for all qubes: a flood of it cannot
    // fill the disk or slow the loop.
    private readonly ReportLimit _unrequestedReports = new(TimeSpan.FromSeconds(1), time);
    private byte[]? _data;
    private string? _source;
    private DateTime _copiedAt;
    private QubeSession? _asked;
    private DateTime _deadline;

    public bool Enabled => config.Clipboard.Enabled;

    /// <summary>What `guivirt clipboard` shows: never the content.</summary>
    public string Describe() => _data is null
        ? "the clipboard is empty"
        : $"{_data.Length} bytes copied from {_source} at {_copiedAt:HH:mm:ss} UTC";

    /// <summary>The copy hotkey was pressed in a window of <paramref name="source"/>.</summary>
    public void RequestCopy(QubeSession source)
    {
        _asked = source;
        _deadline = Now + AnswerTimeout;
        source.Channel.SendEmpty(Protocol.MessageType.ClipboardRequest, Protocol.WindowId.None);
    }

    /// <summary>CLIPBOARD_DATA from a qube: accepted only as the answer to our request.</summary>
    public void OnData(QubeSession from, ReadOnlySpan<byte> untrustedText)
    {
        if (_asked != from || Now > _deadline)
        {
            // Unrequested or late: dropped. The size is logged, never the content.
            if (_unrequestedReports.TryReport(out int heldBack))
            {
                string more = heldBack > 0 ? $" (and {heldBack} more since the last report)" : "";
                Log.Info($"qube {from.Qube.Name}: unrequested clipboard data ({untrustedText.Length} bytes) dropped{more}");
                audit.Write("copy", from.Qube.Name, null, untrustedText.Length, "unrequested");
            }

            return;
        }

        _asked = null;
        string name = from.Qube.Name;
        int limit = from.Qube.ClipboardMaxBytes ?? config.Clipboard.MaxBytes;
        if (untrustedText.IsEmpty)
        {
            Refuse("copy", name, 0, "empty", $"Nothing copied: the clipboard of {name} is empty");
        }
        else if (untrustedText.Length > limit)
        {
            Refuse("copy", name, untrustedText.Length, "too-large", $"Not copied: {untrustedText.Length} bytes from {name} is more than the limit of {limit}");
        }
        else if (!Utf8.IsValid(untrustedText))
        {
            Refuse("copy", name, untrustedText.Length, "invalid", $"Not copied: the clipboard of {name} is not UTF-8 text");
        }
        else
        {
            Wipe();
            _data = untrustedText.ToArray();
            (_source, _copiedAt) = (name, Now);
            audit.Write("copy", name, null, _data.Length, "copied");
            notify($"Copied {_data.Length} bytes from {name}", true);
        }
    }

    /// <summary>The paste hotkey was pressed in a window of <paramref name="target"/>.</summary>
    public void Paste(QubeSession target)
    {
        string name = target.Qube.Name;
        if (_data is null)
        {
            Refuse("paste", name, 0, "empty", "Nothing to paste: copy first");
            return;
        }

        if (!FlowRule.Allows(config.Clipboard.Rules, _source!, name))
        {
            audit.Write("paste", _source, name, _data.Length, "denied");
            notify($"Denied: pasting from {_source} into {name}", false);
            return;
        }

        target.Channel.SendClipboardData(_data);
        audit.Write("paste", _source, name, _data.Length, "pasted");
        notify($"Pasted {_data.Length} bytes from {_source} into {name}", true);
        Wipe(); // one paste per copy
    }

    /// <summary>Called every turn of the loop: a copy that got no answer in time is given up.</summary>
    public void Tick()
    {
        if (_asked is { } asked && Now > _deadline)
        {
            _asked = null;
            Refuse("copy", asked.Qube.Name, 0, "timeout", $"Nothing copied: {asked.Qube.Name} did not answer");
        }
    }

    /// <summary>A qube went away: it can no longer answer.</summary>
    public void Forget(QubeSession session)
    {
        if (_asked == session)
        {
            _asked = null;
        }
    }

    /// <summary>`guivirt clipboard --clear`.</summary>
    public void Clear()
    {
        audit.Write("clear", _source, null, _data?.Length ?? 0, "cleared");
        Wipe();
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private void Refuse(string action, string qube, int bytes, string result, string notice)
    {
        audit.Write(action, action == "copy" ? qube : _source, action == "paste" ? qube : null, bytes, result);
        notify(notice, false);
    }

    private void Wipe()
    {
        if (_data is not null)
        {
            Array.Clear(_data); // not left for the GC to leave lying around
        }

        (_data, _source) = (null, null);
    }
}
