using System.Text;
using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The qube's side of the clipboard. CLIPBOARD_REQ: ask the CLIPBOARD owner for its TARGETS, then
/// read it as UTF-8 (bounded in time and size) and answer CLIPBOARD_DATA, or, when it offers
/// image/png and no UTF8_STRING, read the PNG and answer CLIPBOARD_IMAGE (Agent.ClipboardImage.cs).
/// CLIPBOARD_DATA from the daemon (a paste): own CLIPBOARD and serve it to the qube's apps as
/// TARGETS, UTF8_STRING, STRING and TEXT; CLIPBOARD_IMAGE: serve TARGETS and image/png.
/// </summary>
internal sealed partial class Agent
{
    private static readonly TimeSpan ClipboardTimeout = TimeSpan.FromSeconds(2);

    private XWindow _clipboardWindow;
    private byte[]? _pasted;
    private DateTime? _requestDeadline;
    private XAtom _requestedTarget; // what the pending ConvertSelection asked for: TARGETS, UTF8_STRING or image/png

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
        else if (owner == ClipboardWindow && _pastedPng is { } png)
        {
            AnswerImage(png);
        }
        else
        {
            // Asynchronous: the owner answers with SelectionNotify (HandleSelectionEvent). First
            // which targets it offers, then the one we take.
            _requestDeadline = DateTime.UtcNow + ClipboardTimeout;
            Convert(_display.Atom("TARGETS"));
        }
    }

    private void Convert(XAtom target)
    {
        _requestedTarget = target;
        _display.ConvertSelection(_display.Atom("CLIPBOARD"), target, _display.Atom("GUIVIRT_CLIPBOARD"), ClipboardWindow);
    }

    /// <summary>The owner's TARGETS came: text when it offers UTF-8 (or says nothing), else a PNG image if it has one.</summary>
    private void OnTargets(XAtom property)
    {
        IReadOnlyList<XAtom> targets = property.IsNone ? [] : _display.GetAtoms(ClipboardWindow, property);
        if (!property.IsNone)
        {
            _display.DeleteProperty(ClipboardWindow, property);
        }

        XAtom utf8 = _display.Atom("UTF8_STRING"), png = _display.Atom(PngTarget);
        // Text first, so an app that offers both (a spreadsheet's cells) still copies text as
        // before; an owner that does not answer TARGETS is asked for text, as it always was.
        Convert(targets.Contains(png) && !targets.Contains(utf8) ? png : utf8);
    }

    public void OnClipboardData(ReadOnlySpan<byte> text)
    {
        (_pasted, _pastedPng) = (text.ToArray(), null);
        if (!_display.SetSelectionOwner(_display.Atom("CLIPBOARD"), ClipboardWindow))
        {
            Log.Warning("could not take the CLIPBOARD selection for a paste");
        }
    }

    private XWindow ClipboardWindow
    {
        get
        {
            if (_clipboardWindow.IsNone)
            {
                _clipboardWindow = _display.CreateWindow(_display.Root, new XRect(-10, -10, 1, 1));
                _display.SelectInput(_clipboardWindow, EventMask.PropertyChange); // INCR transfers come as property changes
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
            case XEventKind.SelectionNotify when _requestDeadline is not null && e.Target == _requestedTarget:
                if (_requestedTarget == _display.Atom("TARGETS"))
                {
                    OnTargets(e.Property);
                }
                else if (_requestedTarget == _display.Atom(PngTarget))
                {
                    AnswerCopiedImage(e.Property); // or starts an incremental transfer, still under the deadline
                }
                else
                {
                    _requestDeadline = null;
                    AnswerClipboard(ReadConvertedClipboard(e.Property));
                }

                break;
            case XEventKind.Property when _incoming is not null && _requestDeadline is not null && e.Detail == 0 && e.Atom == _display.Atom("GUIVIRT_CLIPBOARD"):
                ContinueIncomingImage(); // PropertyNewValue: the owner's next INCR chunk
                break;
            case XEventKind.SelectionRequest:
                ServeSelectionRequest(e);
                break;
            case XEventKind.SelectionClear:
                (_pasted, _pastedPng) = (null, null); // another app copied: the paste is no longer ours to serve
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
            Log.Warning("the clipboard owner answered with an unsupported format or an incremental transfer; sending nothing");
            return [];
        }

        if (text.Bytes.Length > Limits.MaxClipboardBytes)
        {
            Log.Warning($"the clipboard holds {text.Bytes.Length} bytes, more than the protocol's {Limits.MaxClipboardBytes}; sending nothing");
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
            _incoming = null;
            Log.Warning("the clipboard owner did not answer in time; sending nothing");
            AnswerClipboard([]);
        }
    }

    private void ServeSelectionRequest(in XEventData request)
    {
        XAtom utf8 = _display.Atom("UTF8_STRING"), targets = _display.Atom("TARGETS"), text = _display.Atom("TEXT");
        // ICCCM: an obsolete requestor may pass None as the property; then the target names it.
        XAtom property = request.Property.IsNone ? request.Target : request.Property;
        bool served = true;
        if (request.Atom != _display.Atom("CLIPBOARD") || (_pasted is null && _pastedPng is null))
        {
            served = false;
        }
        else if (_pastedPng is { } png)
        {
            served = ServeImage(request, property, png);
        }
        else if (request.Target == targets)
        {
            _display.SetLongs(request.Other, property, XAtom.Atom, [(nint)targets.Id, (nint)utf8.Id, (nint)XAtom.String.Id, (nint)text.Id]);
        }
        else if (request.Target == utf8 || request.Target == text)
        {
            _display.SetBytes(request.Other, property, utf8, _pasted!);
        }
        else if (request.Target == XAtom.String)
        {
            _display.SetBytes(request.Other, property, XAtom.String, Latin1(_pasted!));
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
