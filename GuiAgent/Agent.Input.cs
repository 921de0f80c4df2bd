using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The daemon's messages. Input is replayed with XTEST, so the qube's apps see ordinary device
/// events; pointer positions arrive relative to the window and become screen positions here.
/// Messages about windows that are already gone are ignored (they cross our DESTROY on the way).
/// </summary>
internal sealed partial class Agent
{
    /// <summary>The window this agent last gave the qube's keyboard focus to; null once it is unmapped.</summary>
    private TrackedWindow? _keyboardFocus;

    public void OnKey(WindowId window, KeyEvent key)
    {
        if (Find(window) is { } tracked)
        {
            if (key.Pressed && tracked.Mapped && _keyboardFocus != tracked)
            {
                // The host aimed this key at this window: it gets the qube's focus first, or the key
                // would land wherever the qube's pointer is (a host without a window manager never
                // sends FOCUS, and an app in the qube may move the pointer). Only when it changes,
                // so an app that moves the focus inside its own window keeps it there.
                FocusOn(tracked);
            }

            if (key.Pressed)
            {
                ApplyPendingUnmap(key.Keycode);
            }

            _display.FakeKey(key.Keycode, key.Pressed);
        }
    }

    public void OnButton(WindowId window, ButtonEvent button)
    {
        if (Find(window) is { } tracked)
        {
            _display.FakeMotion(tracked.Bounds.X + button.X, tracked.Bounds.Y + button.Y);
            _display.FakeButton(button.Button, button.Pressed);
        }
    }

    public void OnMotion(WindowId window, MotionEvent motion)
    {
        if (Find(window) is { } tracked)
        {
            _display.FakeMotion(tracked.Bounds.X + motion.X, tracked.Bounds.Y + motion.Y);
        }
    }

    public void OnCrossing(WindowId window, CrossingEvent crossing)
    {
        if (crossing.Entered && Find(window) is { } tracked)
        {
            _display.FakeMotion(tracked.Bounds.X + crossing.X, tracked.Bounds.Y + crossing.Y);
        }
    }

    public void OnFocus(WindowId window, FocusEvent focus)
    {
        if (focus.In && Find(window) is { Mapped: true } tracked)
        {
            _display.Raise(tracked.Window);
            FocusOn(tracked);
        }
    }

    private void FocusOn(TrackedWindow window)
    {
        _display.SetFocus(window.Window);
        _keyboardFocus = window;
    }

    public void OnDestroyed(WindowId window)
    {
        // The daemon has forgotten the id; nothing of ours refers to it any more.
    }

    public void OnMap(WindowId window, MapInfo map)
    {
        if (Find(window) is { Mapped: false } tracked)
        {
            _display.Map(tracked.Window);
        }
    }

    public void OnConfigure(WindowId window, Configure configure)
    {
        // The host moved or resized the window: the app sees its window where the user put it.
        if (Find(window) is { } tracked)
        {
            FollowHost(tracked, new XRect(configure.X, configure.Y, configure.Width, configure.Height));
        }
    }

    public void OnClose(WindowId window)
    {
        if (Find(window) is not { } tracked)
        {
            return;
        }

        XAtom deleteWindow = _display.Atom("WM_DELETE_WINDOW");
        if (_display.GetAtoms(tracked.Window, _display.Atom("WM_PROTOCOLS")).Contains(deleteWindow))
        {
            _display.SendClientMessage(tracked.Window, _display.Atom("WM_PROTOCOLS"), (nint)deleteWindow.Id);
        }
        else
        {
            _display.KillClient(tracked.Window); // the app cannot be asked politely
        }
    }

    public void OnKeymap(Keymap keymap)
    {
        // Keys held down in the qube but not on the host (released while another window had the
        // focus) would stay stuck: release them.
        Span<byte> down = stackalloc byte[Limits.KeymapBytes];
        _display.QueryKeymap(down);
        for (int keycode = (int)Limits.MinKeycode; keycode <= Limits.MaxKeycode; keycode++)
        {
            if ((down[keycode >> 3] & (1 << (keycode & 7))) != 0 && !keymap.IsDown(keycode))
            {
                _display.FakeKey((uint)keycode, press: false);
            }
        }
    }

    public void OnWindowFlags(WindowId window, WindowFlags flags)
    {
        if (Find(window) is not { } tracked)
        {
            return;
        }

        // Minimized on the host: unmapped in the qube (as an iconifying window manager does).
        if (flags.Set.HasFlag(WindowStateFlags.Minimize) && tracked.Mapped)
        {
            _display.Unmap(tracked.Window);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.Minimize) && !tracked.Mapped)
        {
            _display.Map(tracked.Window);
        }
    }

    private TrackedWindow? Find(WindowId window) =>
        _windows.TryGetValue(new XWindow(window.Value), out TrackedWindow? tracked) ? tracked : null;
}
