using System.Text;
using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The qube's side of the clipboard. CLIPBOARD_REQ: read the qube's CLIPBOARD as UTF-8 (bounded
/// in time and size) and answer CLIPBOARD_DATA. CLIPBOARD_DATA from the daemon (a paste): own
/// CLIPBOARD and serve it to the qube's apps as TARGETS, UTF8_STRING, STRING and TEXT.
/// </summary>
internal sealed partial class Agent
{
    private static readonly TimeSpan ClipboardTimeout = TimeSpan.FromSeconds(2);

    private XWindow _clipboardWindow;
    private byte[]? _pasted;
    private DateTime? _requestDeadline;

    public void OnClipboardRequest()
    {
        XAtom clipboard = _display.Atom("CLIPBOARD");
        XWindow owner = _display.GetSelectionOwner(clipboard);
        if (owner.IsNone)
        {
            AnswerClipboard([]);
        }
        else if (owner == ClipboardWindow && _pasted is { } ours)
        {
            AnswerClipboard(ours);
        }
        else
        {
            // Asynchronous: the owner answers with SelectionNotify (HandleSelectionEvent).
            _display.ConvertSelection(clipboard, _display.Atom("UTF8_STRING"), _display.Atom("GUIVIRT_CLIPBOARD"), ClipboardWindow);
            _requestDeadline = DateTime.UtcNow + ClipboardTimeout;
        }
    }

    public void OnClipboardData(ReadOnlySpan<byte> text)
    {
        _pasted = text.ToArray();
        if (!_display.SetSelectionOwner(_display.Atom("CLIPBOARD"), ClipboardWindow))
        {
            Log.Info("could not take the CLIPBOARD selection for a paste");
        }
    }

    private XWindow ClipboardWindow
    {
        get
        {
            if (_clipboardWindow.IsNone)
            {
                _clipboardWindow = _display.CreateWindow(_display.Root, new XRect(-10, -10, 1, 1));
            }

            return _clipboardWindow;
        }
    }

    private void HandleSelectionEvent(in XEventData e)
    {
        if (_clipboardWindow.IsNone || e.Window != _clipboardWindow)
        {
            return;
        }

        switch (e.Kind)
        {
            case XEventKind.SelectionNotify when _requestDeadline is not null:
                _requestDeadline = null;
                AnswerClipboard(ReadConvertedClipboard(e.Property));
                break;
            case XEventKind.SelectionRequest:
                ServeSelectionRequest(e);
                break;
            case XEventKind.SelectionClear:
                _pasted = null; // another app copied: the paste is no longer ours to serve
                break;
        }
    }

    private byte[] ReadConvertedClipboard(XAtom property)
    {
        if (property.IsNone)
        {
            return []; // the owner could not convert to UTF-8
        }

        var value = _display.TryGetProperty(ClipboardWindow, property, delete: true);
        if (value is not { Format: 8 } text || text.Type == _display.Atom("INCR"))
        {
            Log.Info("the clipboard owner answered with an unsupported format or an incremental transfer; sending nothing");
            return [];
        }

        if (text.Bytes.Length > Limits.MaxClipboardBytes)
        {
            Log.Info($"the clipboard holds {text.Bytes.Length} bytes, more than the protocol's {Limits.MaxClipboardBytes}; sending nothing");
            return [];
        }

        return text.Bytes;
    }

    private void AnswerClipboard(ReadOnlySpan<byte> text) => _channel?.SendClipboardData(text);

    private void CheckClipboardTimeout()
    {
        if (_requestDeadline is { } deadline && DateTime.UtcNow > deadline)
        {
            _requestDeadline = null;
            Log.Info("the clipboard owner did not answer in time; sending nothing");
            AnswerClipboard([]);
        }
    }

    private void ServeSelectionRequest(in XEventData request)
    {
        XAtom utf8 = _display.Atom("UTF8_STRING"), targets = _display.Atom("TARGETS"), text = _display.Atom("TEXT");
        // ICCCM: an obsolete requestor may pass None as the property; then the target names it.
        XAtom property = request.Property.IsNone ? request.Target : request.Property;
        bool served = true;
        if (_pasted is null || request.Atom != _display.Atom("CLIPBOARD"))
        {
            served = false;
        }
        else if (request.Target == targets)
        {
            _display.SetLongs(request.Other, property, XAtom.Atom, [(nint)targets.Id, (nint)utf8.Id, (nint)XAtom.String.Id, (nint)text.Id]);
        }
        else if (request.Target == utf8 || request.Target == text)
        {
            _display.SetBytes(request.Other, property, utf8, _pasted);
        }
        else if (request.Target == XAtom.String)
        {
            _display.SetBytes(request.Other, property, XAtom.String, Latin1(_pasted));
        }
        else
        {
            served = false;
        }

        _display.SendSelectionNotify(request.Other, request.Atom, request.Target, served ? property : XAtom.None, request.Time);
    }

    /// <summary>STRING is Latin-1: characters beyond it become '?'.</summary>
    private static byte[] Latin1(byte[] utf8) =>
        Encoding.GetEncoding("ISO-8859-1", new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback).GetBytes(Encoding.UTF8.GetString(utf8));
}
