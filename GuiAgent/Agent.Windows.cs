using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>The window manager's side: X structure events in, window messages out.</summary>
internal sealed partial class Agent
{
    /// <summary>Daemon requests whose ConfigureNotify may still come, per window.</summary>
    private const int MaxHostRequests = 32;

    private XWindow _wmCheck;

    private void BecomeWindowManager()
    {
        using (ErrorTrap trap = _display.TrapErrors())
        {
            _display.SelectInput(_display.Root, EventMask.SubstructureRedirect | EventMask.SubstructureNotify);
            if (trap.Failed())
            {
                throw new XException($"another window manager runs on {_display.Name}: the agent must be the qube's only one");
            }
        }

        _display.SelectCursorChanges();
        if (!_display.TryRedirectSubwindows())
        {
            throw new XException($"another compositor runs on {_display.Name}: the agent must redirect the qube's windows itself");
        }

        // EWMH: a child window that names the window manager, so apps know one is there.
        _wmCheck = _display.CreateWindow(_display.Root, new XRect(-1, -1, 1, 1));
        XAtom check = _display.Atom("_NET_SUPPORTING_WM_CHECK");
        _display.SetLongs(_display.Root, check, XAtom.Window, [(nint)_wmCheck.Id]);
        _display.SetLongs(_wmCheck, check, XAtom.Window, [(nint)_wmCheck.Id]);
        _display.SetBytes(_wmCheck, _display.Atom("_NET_WM_NAME"), _display.Atom("UTF8_STRING"), "guivirt-agent"u8);
        string[] supported = ["_NET_SUPPORTING_WM_CHECK", "_NET_WM_NAME", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN", "_NET_WM_STATE_DEMANDS_ATTENTION", "_NET_WM_STATE_HIDDEN", .. TypeHints];
        _display.SetLongs(_display.Root, _display.Atom("_NET_SUPPORTED"), XAtom.Atom, supported.Select(name => (nint)_display.Atom(name).Id).ToArray());

        // Windows that existed before us.
        foreach (XWindow child in _display.Children(_display.Root))
        {
            if (child != _wmCheck && _display.TryGetGeometry(child) is { InputOnly: false } geometry)
            {
                TrackedWindow window = Track(child, geometry.Bounds, geometry.OverrideRedirect);
                window.Mapped = geometry.Viewable;
            }
        }

        _display.Sync();
    }

    /// <summary>Handles every queued X event, then sends the batch's damage.</summary>
    /// <summary>
    /// Handles the X events that are there, at most <see cref="EventsPerPump"/>, then copies the
    /// damage. Bounded because reading the queue dry also reads the socket: an app drawing flat out
    /// makes damage as fast as we read it, and an unbounded loop did not reach FlushDamage for
    /// seconds while the window froze on the host (seen by the end-to-end benchmark).
    /// </summary>
    private void PumpX()
    {
        for (int handled = 0; handled < EventsPerPump && _display.TryNextEvent(out XEventData e); handled++)
        {
            HandleXEvent(e);
        }

        FlushDamage();
    }

    private void HandleXEvent(in XEventData e)
    {
        if (e.Kind is XEventKind.Destroy or XEventKind.Reparent && _trayIcons.ContainsKey(e.Window) && OnTrayIconEvent(e))
        {
            return;
        }

        switch (e.Kind)
        {
            // Windows created while we started up are known from the scan already: announce them once.
            case XEventKind.Create when e.Parent == _display.Root && e.Window != _wmCheck && !_windows.ContainsKey(e.Window):
                TrackedWindow created = Track(e.Window, new XRect(e.X, e.Y, e.Width, e.Height), e.Flag);
                AnnounceCreate(created);
                break;
            case XEventKind.MapRequest:
                // We are the window manager: every request to map a top-level window is granted.
                _display.Map(e.Window);
                break;
            case XEventKind.ConfigureRequest:
                // Apps place and size their own windows inside the qube; the host decides where
                // the qube's windows appear on the real screen.
                _display.Configure(e.Window, e.ValueMask, e);
                break;
            case XEventKind.CirculateRequest:
                _display.Raise(e.Window);
                break;
            case XEventKind.Map when _windows.TryGetValue(e.Window, out TrackedWindow? mapped) && !mapped.Mapped:
                mapped.Mapped = true;
                mapped.OverrideRedirect = e.Flag;
                AnnounceMap(mapped);
                break;
            case XEventKind.Unmap when _windows.TryGetValue(e.Window, out TrackedWindow? unmapped):
                unmapped.Mapped = false;
                _keyboardFocus = _keyboardFocus == unmapped ? null : _keyboardFocus; // X took the focus back
                _display.DeleteProperty(unmapped.Window, _display.Atom("WM_STATE"));
                SendEmpty(MessageType.Unmap, unmapped);
                break;
            case XEventKind.Configure when _windows.TryGetValue(e.Window, out TrackedWindow? configured):
                OnConfigured(configured, new XRect(e.X, e.Y, e.Width, e.Height), e.Flag);
                break;
            case XEventKind.Destroy when _windows.Remove(e.Window, out TrackedWindow? destroyed):
                SendEmpty(MessageType.Destroy, destroyed);
                ReleaseGrants(destroyed); // the server freed the damage object with the window
                break;
            case XEventKind.Property when !_clipboardWindow.IsNone && e.Window == _clipboardWindow:
                HandleSelectionEvent(e); // INCR chunks of a copied image
                break;
            case XEventKind.Property when _windows.TryGetValue(e.Window, out TrackedWindow? changed):
                OnPropertyChanged(changed, e.Atom);
                break;
            case XEventKind.Damage when _windows.TryGetValue(e.Window, out TrackedWindow? damaged):
                MarkDirty(damaged, new XRect(e.X, e.Y, e.Width, e.Height));
                break;
            case XEventKind.Damage when TryTrayContainer(e.Window, out TrackedWindow? holder):
                MarkDirty(holder!, new XRect(e.X, e.Y, e.Width, e.Height)); // a docked icon fills its container
                break;
            case XEventKind.ClientMessage:
                OnClientMessage(e);
                break;
            case XEventKind.CursorChange:
                OnCursorChanged(e.Atom);
                break;
            case XEventKind.SelectionRequest or XEventKind.SelectionNotify or XEventKind.SelectionClear or XEventKind.Property:
                HandleSelectionEvent(e);
                break;
        }
    }

    private TrackedWindow Track(XWindow xWindow, XRect bounds, bool overrideRedirect)
    {
        var window = new TrackedWindow(xWindow, Clamp(bounds), overrideRedirect);
        _windows[xWindow] = window;
        // Titles, hints and states arrive as property changes; damage as Damage events.
        _display.SelectInput(xWindow, EventMask.PropertyChange);
        window.Damage = _display.CreateDamage(xWindow);
        if (_display.TryGetGeometry(xWindow) is { } geometry)
        {
            window.Depth = geometry.Depth;
        }

        return window;
    }

    /// <summary>On (re)connection: every window the daemon must know, as if it had just appeared.</summary>
    private void AnnounceAll()
    {
        foreach (TrackedWindow window in _windows.Values)
        {
            // A new daemon knows nothing: every state is reported again from scratch.
            window.Flags = 0;
            window.Cursor = 0;
            window.Type = null;
            AnnounceCreate(window);
            if (window.Mapped)
            {
                AnnounceMap(window);
            }
        }
    }

    /// <summary>
    /// CREATE, or CREATE_ARGB for a window with a 32-bit visual (X servers give depth 32 only to
    /// the ARGB visual Composite adds): its captured pixels keep their premultiplied alpha, which
    /// the daemon shows translucent over its floor. Every other window's fourth byte is ignored.
    /// </summary>
    private void AnnounceCreate(TrackedWindow window)
    {
        var create = new Create(window.Bounds.X, window.Bounds.Y, window.Bounds.Width, window.Bounds.Height, window.OverrideRedirect);
        if (window.Depth == 32)
        {
            Send(window, new CreateArgb(create));
        }
        else
        {
            Send(window, create);
        }

        if (IsTrayContainer(window))
        {
            SendEmpty(MessageType.Dock, window); // before MAP: the daemon shows it in the host's tray
        }
    }

    /// <summary>Title, class and hints (the daemon takes WMCLASS only before MAP), MAP, then the pixels.</summary>
    private void AnnounceMap(TrackedWindow window)
    {
        Log.Debug($"window {window.Id} mapped at {window.Bounds}{(window.OverrideRedirect ? ", override-redirect" : "")}");
        if (!window.OverrideRedirect)
        {
            // ICCCM: a managed, mapped window is in NormalState.
            XAtom wmState = _display.Atom("WM_STATE");
            _display.SetLongs(window.Window, wmState, wmState, [1, 0]);
        }

        SendTitle(window);
        (string className, string instanceName) = _display.GetClass(window.Window);
        Send(window, new WindowClass(className, instanceName));
        SendHints(window);
        SendIcon(window);
        SendType(window); // before MAP: a manager decides placement and decorations when it maps
        XWindow transientFor = _display.TransientFor(window.Window);
        var transient = _windows.TryGetValue(transientFor, out TrackedWindow? owner) && owner != window ? owner.Id : WindowId.None;
        Send(window, new MapInfo(transient, window.OverrideRedirect));
        OnNetWmStateChanged(window);
        ReplaceGrant(window);
    }

    private void OnConfigured(TrackedWindow window, XRect bounds, bool overrideRedirect)
    {
        XRect clamped = Clamp(bounds);
        if (clamped == window.Bounds && overrideRedirect == window.OverrideRedirect)
        {
            // A restack (the raise on focus) or a repeat: nothing to tell. Sent, such a notify
            // carries the old place after the daemon's CONFIGURE has moved the host window,
            // and the daemon would move the host window back.
            return;
        }

        bool resized = clamped.Width != window.Bounds.Width || clamped.Height != window.Bounds.Height;
        window.Bounds = clamped;
        window.OverrideRedirect = overrideRedirect;
        if (window.HostRequests.Contains(clamped))
        {
            // The daemon's own request done: telling it back would make it move the host window
            // again (under a window manager's frame, one step further each time).
            while (window.HostRequests.TryDequeue(out XRect done) && done != clamped)
            {
            }
        }
        else
        {
            Send(window, new Configure(clamped.X, clamped.Y, clamped.Width, clamped.Height, overrideRedirect));
        }

        if (resized && window.Mapped)
        {
            ReplaceGrant(window);
        }
    }

    /// <summary>The daemon moved or resized the window on the host: the app's window follows, and its notify is not reported back.</summary>
    private void FollowHost(TrackedWindow window, XRect bounds)
    {
        if (bounds == window.Bounds)
        {
            return; // already there: no ConfigureNotify would come to take the request off the queue
        }

        if (window.HostRequests.Count >= MaxHostRequests)
        {
            window.HostRequests.Clear(); // the server answers every request; a long queue means we lost track
        }

        window.HostRequests.Enqueue(bounds);
        _display.MoveResize(window.Window, bounds);
    }

    private void OnPropertyChanged(TrackedWindow window, XAtom property)
    {
        if (property == XAtom.WmName || property == _display.Atom("_NET_WM_NAME"))
        {
            SendTitle(window);
        }
        else if (property == XAtom.WmNormalHints)
        {
            SendHints(window);
        }
        else if (property == _display.Atom("_NET_WM_STATE"))
        {
            OnNetWmStateChanged(window);
            SendType(window);
        }
        else if (property == _display.Atom("_NET_WM_WINDOW_TYPE") || property == XAtom.WmTransientFor)
        {
            SendType(window);
        }
        else if (property == _display.Atom("_NET_WM_ICON"))
        {
            SendIcon(window);
        }
    }

    private void SendTitle(TrackedWindow window)
    {
        string title = _display.TryGetText(window.Window, _display.Atom("_NET_WM_NAME")) ?? _display.TryGetText(window.Window, XAtom.WmName) ?? "";
        Send(window, new WindowName(title)); // sanitized and cut to the field by WindowName
    }

    private void SendHints(TrackedWindow window)
    {
        if (_display.TryGetSizeHints(window.Window) is not { } hints)
        {
            return;
        }

        // Only the hints the protocol carries, each bounded; nonsense (min above max) is dropped
        // here rather than sent, since the daemon would disconnect us for it.
        var flags = (SizeHintFlags)(hints.Flags & Limits.HintsFlagsMask);
        int W(int value) => Math.Clamp(value, 0, Limits.MaxWindowWidth);
        int H(int value) => Math.Clamp(value, 0, Limits.MaxWindowHeight);
        (int minW, int minH, int maxW, int maxH) = (W(hints.MinWidth), H(hints.MinHeight), W(hints.MaxWidth), H(hints.MaxHeight));
        if (flags.HasFlag(SizeHintFlags.MinSize | SizeHintFlags.MaxSize) && (minW > maxW || minH > maxH))
        {
            flags &= ~SizeHintFlags.MaxSize;
        }

        Send(window, new WindowHints(flags, minW, minH, maxW, maxH, W(hints.WidthIncrement), H(hints.HeightIncrement), W(hints.BaseWidth), H(hints.BaseHeight)));
    }

    /// <summary>X allows bigger and further windows than the protocol: bound them before they are sent.</summary>
    private static XRect Clamp(XRect bounds) => new(
        Math.Clamp(bounds.X, -Limits.MaxCoordinate, Limits.MaxCoordinate),
        Math.Clamp(bounds.Y, -Limits.MaxCoordinate, Limits.MaxCoordinate),
        Math.Clamp(bounds.Width, 1, Limits.MaxWindowWidth),
        Math.Clamp(bounds.Height, 1, Limits.MaxWindowHeight));
}
