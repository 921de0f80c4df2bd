using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Host events on a qube's window go to that qube only, in the window's own coordinates (the
/// frame subtracted); keys only while the window holds the focus the user gave it
/// (QubeSession.Focus). Focus-in also sends the keymap, so keys released elsewhere do not stick.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>Handles an X event on one of this qube's host windows.</summary>
    public void OnHostEvent(HostWindow shown, in XEventData e)
    {
        if (shown.Docked)
        {
            OnTrayIconEvent(shown, e); // an icon in the host's tray: its own events, its own coordinates
            return;
        }

        // In the qube window's pixels: the frame taken off, and with upscale divided, rounded down
        // (host pixels 2x and 2x+1 are both qube pixel x; the frame's are below 0).
        int x = Down(e.X - Frame), y = Down(e.Y - Top);
        if (HasStrip && OnStrip(shown, e))
        {
            return; // the title strip's: never the qube's
        }

        uint state = e.State & Limits.InputStateMask; // XKB group bits and the like are the host's business
        switch (e.Kind)
        {
            case XEventKind.Expose:
                // One repaint per series (the event's count, in Detail, says how many follow), of the
                // box around the series' rectangles; charged to this qube (MessageCosts).
                shown.Exposed = Around(shown.Exposed, new XRect(e.X, e.Y, e.Width, e.Height));
                if (e.Detail == 0)
                {
                    Repaint(shown, shown.Exposed.Value);
                    shown.Exposed = null;
                }

                break;
            case XEventKind.KeyPress or XEventKind.KeyRelease when shown != _focused:
                break; // Security: keys, the hotkeys too, go only to the window the user focused (QubeSession.Focus)
            case XEventKind.KeyPress or XEventKind.KeyRelease when IsClipboardHotkey(e):
                break; // the hotkey is the host's: its key events never reach the qube
            case XEventKind.KeyPress or XEventKind.KeyRelease when e.Detail is >= Limits.MinKeycode and <= Limits.MaxKeycode:
                if (AcceptsKey(shown, e))
                {
                    Channel.Send(shown.Id, new KeyEvent(e.Kind == XEventKind.KeyPress, Bounded(x), Bounded(y), state, e.Detail));
                }

                break;
            case XEventKind.ButtonPress or XEventKind.ButtonRelease when e.Detail is >= 1 and <= Limits.MaxButton:
                if (e.Kind == XEventKind.ButtonPress)
                {
                    OnClick(shown, e);
                }

                Channel.Send(shown.Id, new ButtonEvent(e.Kind == XEventKind.ButtonPress, Bounded(x), Bounded(y), state, e.Detail));
                break;
            case XEventKind.Motion:
                Channel.Send(shown.Id, new MotionEvent(Bounded(x), Bounded(y), state, e.Detail != 0));
                break;
            case XEventKind.Enter or XEventKind.Leave when e.Mode is >= 0 and <= 2 && e.Detail <= 4:
                Channel.Send(shown.Id, new CrossingEvent(e.Kind == XEventKind.Enter, Bounded(x), Bounded(y), state, (uint)e.Mode, e.Detail, e.Flag));
                break;
            case XEventKind.FocusIn or XEventKind.FocusOut when e.Mode is >= 0 and <= 3 && e.Detail <= 7:
                OnFocusChange(shown, e); // the releases of held keys first, then the focus-out
                Channel.Send(shown.Id, new FocusEvent(e.Kind == XEventKind.FocusIn, (uint)e.Mode, e.Detail));
                if (e.Kind == XEventKind.FocusIn)
                {
                    Span<byte> keys = stackalloc byte[Limits.KeymapBytes];
                    _host.QueryKeymap(keys);
                    Channel.Send(WindowId.None, new Keymap(keys));
                }

                break;
            case XEventKind.Configure:
                OnHostConfigured(shown, e);
                break;
            case XEventKind.Reparent:
                shown.Reparented = e.Other != _host.Root; // into a window manager's frame, or back to the root
                break;
            case XEventKind.Unmap when shown.Mapped && !shown.Minimized:
                // Unmapped while the qube has it mapped: the host window manager iconified it.
                shown.Minimized = true;
                Channel.Send(shown.Id, new WindowFlags(WindowStateFlags.Minimize, WindowStateFlags.None));
                break;
            case XEventKind.Map when shown.Minimized:
                // Restored: the qube maps its window again, and only then is it no longer minimized
                // (OnMap); meanwhile it still counts as the user's (a disposable lives on).
                Channel.Send(shown.Id, new WindowFlags(WindowStateFlags.None, WindowStateFlags.Minimize));
                break;
            case XEventKind.ClientMessage when e.Atom == _host.Atom("WM_PROTOCOLS") && (nuint)e.Data.First == _host.Atom("WM_DELETE_WINDOW").Id:
                Channel.SendEmpty(MessageType.Close, shown.Id); // the close button asks the app; it does not kill
                break;
        }
    }

    /// <summary>
    /// The copy or paste hotkey pressed in this qube's window: the clipboard broker acts, and the
    /// key's press and its release are kept from the qube.
    /// </summary>
    private bool IsClipboardHotkey(in XEventData e)
    {
        if (e.Kind == XEventKind.KeyRelease && e.Detail == _swallowedKeycode && _swallowedKeycode != 0)
        {
            _swallowedKeycode = 0;
            return true;
        }

        if (e.Kind != XEventKind.KeyPress || !_clipboard.Enabled || _hotkeys is not { } keys)
        {
            return false;
        }

        if (keys.Copy.Matches(e.Detail, e.State))
        {
            _clipboard.RequestCopy(this);
        }
        else if (keys.Paste.Matches(e.Detail, e.State))
        {
            _clipboard.Paste(this);
        }
        else
        {
            return false;
        }

        _swallowedKeycode = e.Detail;
        return true;
    }

    private static XRect Around(XRect? box, XRect area)
    {
        if (box is not { } b)
        {
            return area;
        }

        int left = Math.Min(b.X, area.X), top = Math.Min(b.Y, area.Y);
        int right = Math.Max(b.X + b.Width, area.X + area.Width), bottom = Math.Max(b.Y + b.Height, area.Y + area.Height);
        return new XRect(left, top, right - left, bottom - top);
    }

    private static int Bounded(int coordinate) => Math.Clamp(coordinate, -Limits.MaxCoordinate, Limits.MaxCoordinate);
}
