using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Keyboard focus moves between qubes only by the user's action. Keys reach a qube only through
/// the window the user focused; a new window never takes the focus from another qube; keys the
/// qube got pressed are released when the focus leaves it (docs/security.md, "Keyboard focus").
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>
    /// How recent the qube's last user action must be for a window it maps to be focused by the
    /// host window manager: long enough for an app to open a dialog after a click, short enough
    /// that a qube cannot save up a click to steal the keyboard later.
    /// </summary>
    private const long UserActionMilliseconds = 2000;

    /// <summary>EWMH: a window whose _NET_WM_USER_TIME is 0 is not to be focused when it is mapped.</summary>
    private const nint NoUserAction = 0;

    /// <summary>WM_HINTS flags: InputHint (the input field is set) and StateHint (NormalState).</summary>
    private const nint InputAndStateHints = 1 | 2;

    /// <summary>
    /// The qube's window that holds the host keyboard focus, set by the host's FocusIn and cleared
    /// by its FocusOut: a focus the user gave (a click, the window manager after a user action, or
    /// the daemon's click-to-focus without one), never the pointer's (PointerRoot).
    /// </summary>
    private HostWindow? _focused;

    /// <summary>The keycodes forwarded as pressed and not yet released, as X's 32-byte key vector: bounded by construction.</summary>
    private readonly byte[] _heldKeys = new byte[Limits.KeymapBytes];

    /// <summary>The host server time and the daemon's clock of the user's last click or key in this qube; 0 for none yet.</summary>
    private (nuint ServerTime, long Ticks) _lastUserAction;

    /// <summary>
    /// A key event on one of this qube's windows, or null to drop it. Only the focused window
    /// takes keys: with the pointer's focus (PointerRoot, no window manager, no click yet) any
    /// window under the pointer would get them, even one the qube has just mapped there.
    /// </summary>
    private bool AcceptsKey(HostWindow shown, in XEventData e)
    {
        if (shown != _focused)
        {
            return false; // Security: not the window the user focused
        }

        int bit = 1 << (int)(e.Detail & 7);
        ref byte held = ref _heldKeys[e.Detail >> 3];
        if (e.Kind == XEventKind.KeyPress)
        {
            held |= (byte)bit;
            NoteUserAction(e.Time);
            return true;
        }

        // A release of a key this qube never got pressed (pressed in another qube, or released
        // here already when the focus left) is not the qube's.
        bool wasHeld = (held & bit) != 0;
        held &= (byte)(~bit & 0xFF);
        return wasHeld;
    }

    /// <summary>
    /// A click in one of this qube's windows: a user action. Without a window manager the daemon
    /// is the one that focuses on a click (the keyboard never follows the pointer into a qube).
    /// </summary>
    private void OnClick(HostWindow shown, in XEventData e)
    {
        NoteUserAction(e.Time);
        if (shown == _focused || _host.WindowManagerRuns)
        {
            return;
        }

        // A menu (override-redirect) is clicked while its qube has the keyboard: the qube already
        // has it, and a menu about to vanish should not take it (the focus would revert to the pointer).
        if (shown.OverrideRedirectInEffect && _focused is not null)
        {
            return;
        }

        _host.SetFocus(shown.Host, e.Time);
    }

    /// <summary>The host's FocusIn or FocusOut on one of this qube's windows.</summary>
    private void OnFocusChange(HostWindow shown, in XEventData e)
    {
        // Details Ancestor, Virtual, Inferior, Nonlinear and NonlinearVirtual are the window's own
        // focus; Pointer, PointerRoot and None are the pointer's, which gives no keys (see AcceptsKey).
        const uint LastOwnDetail = 4, Inferior = 2;
        const int Grab = 1;
        if (e.Detail > LastOwnDetail)
        {
            return;
        }

        if (e.Kind == XEventKind.FocusIn)
        {
            _focused = shown;
        }
        else if (shown == _focused && e.Detail != Inferior)
        {
            // The focus left (to another qube, the host, or nothing), or a grab took the keyboard,
            // whose keys go to the grabber: a key held now would never see its release.
            ReleaseHeldKeys(shown);
            if (e.Mode != Grab)
            {
                _focused = null; // a grab ends with a FocusIn (mode Ungrab) to where the focus is then
            }
        }
    }

    /// <summary>A window going away takes the focus with it: its qube's held keys are released first.</summary>
    private void ForgetFocus(HostWindow shown)
    {
        if (shown == _focused)
        {
            ReleaseHeldKeys(shown);
            _focused = null;
        }
    }

    /// <summary>Sends the qube a release for every key it was sent pressed and not released, so none auto-repeats on.</summary>
    private void ReleaseHeldKeys(HostWindow shown)
    {
        for (int keycode = (int)Limits.MinKeycode; keycode <= Limits.MaxKeycode; keycode++)
        {
            if ((_heldKeys[keycode >> 3] & (1 << (keycode & 7))) != 0)
            {
                Channel.Send(shown.Id, new KeyEvent(false, 0, 0, 0, (uint)keycode));
            }
        }

        Array.Clear(_heldKeys);
    }

    private void NoteUserAction(nuint serverTime)
    {
        if (serverTime != 0)
        {
            _lastUserAction = (serverTime, Environment.TickCount64);
        }
    }

    /// <summary>
    /// Set on every host window before it is mapped. _NET_WM_USER_TIME is the time of the qube's
    /// last user action only when the qube holds the focus now and the action is recent (a dialog
    /// opened by a click in the same qube is focused as usual); otherwise 0, which tells the window
    /// manager not to focus the window (EWMH focus-stealing prevention). WM_HINTS says the window
    /// takes input, so the user can still focus it with a click.
    /// </summary>
    private void SetFocusHints(HostWindow shown)
    {
        bool recent = _lastUserAction.ServerTime != 0 && Environment.TickCount64 - _lastUserAction.Ticks <= UserActionMilliseconds;
        nint userTime = _focused is not null && recent ? (nint)_lastUserAction.ServerTime : NoUserAction;
        _host.SetLongs(shown.Host, _host.Atom("_NET_WM_USER_TIME"), XAtom.Cardinal, [userTime]);
        _host.SetLongs(shown.Host, _host.Atom("WM_HINTS"), _host.Atom("WM_HINTS"), [InputAndStateHints, 1 /* input */, 1 /* NormalState */, 0, 0, 0, 0, 0, 0]);
    }
}
