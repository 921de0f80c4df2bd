using System.Text.Unicode;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>
/// The only way clipboard text and images move between qubes. Copy: the hotkey in a qube's window
/// asks that qube (CLIPBOARD_REQ); only its answer to that request, in time, is accepted: text
/// (CLIPBOARD_DATA) only if it is UTF-8 within the size limit, an image (CLIPBOARD_IMAGE) only as a
/// grant of exactly width x height x 4 bytes, which the daemon copies into a memfd of its own and
/// never reads as an image. Paste: the hotkey in another window sends it, if the policy allows,
/// then the daemon's copy is wiped: one paste per copy. Every step gets a trusted notice and an
/// audit line that say which kind it was.
/// </summary>
internal sealed class ClipboardBroker(DaemonConfig config, AuditLog audit, Action<string, bool> notify, TimeProvider time)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);

    // Unrequested data is reported at most once a second, for all qubes: a flood of it cannot
    // fill the disk or slow the loop.
    private readonly ReportLimit _unrequestedReports = new(TimeSpan.FromSeconds(1), time);
    private byte[]? _data;
    private ImageCopy? _image;
    private string? _source;
    private DateTime _copiedAt;
    private QubeSession? _asked;
    private DateTime _deadline;

    public bool Enabled => config.Clipboard.Enabled;

    /// <summary>What `guivirt clipboard` shows: never the content.</summary>
    public string Describe() =>
        _data is not null ? $"text, {_data.Length} bytes, copied from {_source} at {_copiedAt:HH:mm:ss} UTC"
        : _image is not null ? $"image {ImageText(_image.Size)}, {_image.Size.ByteCount} bytes, copied from {_source} at {_copiedAt:HH:mm:ss} UTC"
        : "the clipboard is empty";

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
                Log.Warning($"qube {from.Qube.Name}: unrequested clipboard data ({untrustedText.Length} bytes) dropped{more}");
                audit.Write("copy", from.Qube.Name, null, untrustedText.Length, "unrequested", kind: "text");
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
            Refuse("copy", name, untrustedText.Length, "too-large", $"Not copied: {untrustedText.Length} bytes from {name} is more than the limit of {limit}", "text");
        }
        else if (!Utf8.IsValid(untrustedText))
        {
            Refuse("copy", name, untrustedText.Length, "invalid", $"Not copied: the clipboard of {name} is not UTF-8 text", "text");
        }
        else
        {
            Wipe();
            _data = untrustedText.ToArray();
            (_source, _copiedAt) = (name, Now);
            audit.Write("copy", name, null, _data.Length, "copied", kind: "text");
            notify($"Copied text ({_data.Length} bytes) from {name}", true);
        }
    }

    /// <summary>
    /// CLIPBOARD_IMAGE from a qube, its size already within 1..4096 each way: accepted only as
    /// the answer to our request. The descriptor is ours to close on every path.
    /// </summary>
    public void OnImage(QubeSession from, ClipboardImage image, SafeFileHandle untrustedPixelsFd, IGrantMapper mapper)
    {
        if (_asked != from || Now > _deadline)
        {
            // Unrequested or late: closed unmapped, so a flood costs a close each. Logged like text.
            untrustedPixelsFd.Dispose();
            if (_unrequestedReports.TryReport(out int heldBack))
            {
                string more = heldBack > 0 ? $" (and {heldBack} more since the last report)" : "";
                Log.Warning($"qube {from.Qube.Name}: unrequested clipboard image ({ImageText(image)}) dropped{more}");
                audit.Write("copy", from.Qube.Name, null, (int)image.ByteCount, "unrequested", kind: "image");
            }

            return;
        }

        _asked = null;
        // Security: the grant checks (a memfd, SHRINK and GROW seals, exactly width x height x 4
        // bytes: no more, no less, a read-only reopen and a PROT_READ mapping) are the mapper's.
        // A grant that fails them is a violation: this qube is disconnected.
        ProtocolViolation refused = mapper.TryMap(untrustedPixelsFd, image.ByteCount, out IMappedGrant? pixels, exactSize: true);
        if (refused != ProtocolViolation.None)
        {
            audit.Write("copy", from.Qube.Name, null, (int)image.ByteCount, "invalid", kind: "image");
            throw new ProtocolViolationException(refused);
        }

        ImageCopy copy;
        using (pixels)
        {
            copy = ImageCopy.Take(image, pixels!); // bytes copied, never interpreted
        }

        Wipe();
        (_image, _source, _copiedAt) = (copy, from.Qube.Name, Now);
        audit.Write("copy", _source, null, (int)image.ByteCount, "copied", kind: "image");
        notify($"Copied image {ImageText(image)} from {_source}", true);
    }

    /// <summary>The paste hotkey was pressed in a window of <paramref name="target"/>.</summary>
    public void Paste(QubeSession target)
    {
        string name = target.Qube.Name;
        if (_data is null && _image is null)
        {
            Refuse("paste", name, 0, "empty", "Nothing to paste: copy first");
            return;
        }

        (string kind, int bytes, string what) = _data is not null
            ? ("text", _data.Length, $"text ({_data.Length} bytes)")
            : ("image", (int)_image!.Size.ByteCount, $"image {ImageText(_image.Size)}");
        // The policy is the same for both kinds: the first matching [[clipboard.rule]] decides.
        if (!FlowRule.Allows(config.Clipboard.Rules, _source!, name))
        {
            audit.Write("paste", _source, name, bytes, "denied", kind: kind);
            notify($"Denied: pasting {kind} from {_source} into {name}", false);
            return;
        }

        if (_data is not null)
        {
            target.Channel.SendClipboardData(_data);
        }
        else
        {
            // The channel sends its own duplicate of the daemon's memfd; Wipe then closes ours.
            target.Channel.Send(Protocol.WindowId.None, _image!.Size, _image.Handle);
        }

        audit.Write("paste", _source, name, bytes, "pasted", kind: kind);
        notify($"Pasted {what} from {_source} into {name}", true);
        Wipe(pasted: true); // one paste per copy
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
        audit.Write("clear", _source, null, _data?.Length ?? (int)(_image?.Size.ByteCount ?? 0), "cleared", kind: _data is not null ? "text" : _image is not null ? "image" : null);
        Wipe();
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private void Refuse(string action, string qube, int bytes, string result, string notice, string? kind = null)
    {
        audit.Write(action, action == "copy" ? qube : _source, action == "paste" ? qube : null, bytes, result, kind: kind);
        notify(notice, false);
    }

    private static string ImageText(ClipboardImage image) => $"{image.Width}x{image.Height}";

    /// <summary>
    /// Drops the daemon's copy. Text is zeroed; an image is zeroed unless it was just pasted (then
    /// the target's agent holds the only other descriptor, and its bytes are the target's own).
    /// </summary>
    private void Wipe(bool pasted = false)
    {
        if (_data is not null)
        {
            Array.Clear(_data); // not left for the GC to leave lying around
        }

        if (pasted)
        {
            _image?.Dispose();
        }
        else
        {
            _image?.Wipe();
        }

        (_data, _image, _source) = (null, null, null);
    }
}
