using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>The agent's window messages: stateful checks, then the host window follows.</summary>
internal sealed partial class QubeSession : IMessagesFromAgent
{
    private const EventMask HostEvents = EventMask.KeyPress | EventMask.KeyRelease | EventMask.ButtonPress | EventMask.ButtonRelease
        | EventMask.PointerMotion | EventMask.EnterWindow | EventMask.LeaveWindow | EventMask.Exposure
        | EventMask.StructureNotify | EventMask.FocusChange;

    public void OnCreate(WindowId window, Create create) => Create(window, create, argb: false);

    /// <summary>
    /// CREATE_ARGB: the host window gets the ARGB visual and shows the qube's pixels over the
    /// opacity floor (docs/security.md section 23). On a host without an ARGB visual the window is
    /// an ordinary opaque one, whose grant's fourth byte is ignored.
    /// </summary>
    public void OnCreateArgb(WindowId window, Create create) => Create(window, create, argb: true);

    private void Create(WindowId window, Create create, bool argb)
    {
        if (_windows.ContainsKey(window))
        {
            throw new ProtocolViolationException(ProtocolViolation.WindowAlreadyExists);
        }

        // Security: each window is a host X window; the configured limit bounds what one qube can make.
        if (_windows.Count >= _limits.MaxWindows)
        {
            throw new ProtocolViolationException(ProtocolViolation.ResourceLimitExceeded);
        }

        var bounds = new XRect(create.X, create.Y, create.Width, create.Height);
        XRect hostBounds = HostBoundsFor(bounds);
        bool translucent = argb && TranslucencyAvailable();
        XWindow host = translucent
            ? _host.CreateArgbTopLevel(hostBounds, overrideRedirect: false, HostEvents, Backdrop)
            : _host.CreateTopLevel(hostBounds, overrideRedirect: false, HostEvents);
        Charge(MessageCosts.Create);
        var shown = new HostWindow(window, host, new MessageBudget(MessageCosts.RaisesPerSecond, _time)) { QubeBounds = bounds, HostBounds = hostBounds, WantsOverrideRedirect = create.OverrideRedirect, Argb = translucent };
        _windows[window] = shown;
        _byHostWindow[host] = shown;

        // Decorations the qube cannot touch: the label and name are the host's, set here only.
        _host.SetProtocols(host, _host.Atom("WM_DELETE_WINDOW"));
        _host.SetBytes(host, _host.Atom("_QUBES_VMNAME"), XAtom.String, Encoding.ASCII.GetBytes(Qube.Name));
        _host.SetBytes(host, _host.Atom("_QUBES_LABEL"), XAtom.String, Encoding.ASCII.GetBytes(Qube.Label.Name));
        _host.SetLongs(host, _host.Atom("_QUBES_LABEL_COLOR"), XAtom.Cardinal, [(nint)Qube.Label.Color]);
        _host.SetLongs(host, _host.Atom("_NET_WM_ICON"), XAtom.Cardinal, LabelIcon);
        SetHostHints(shown, hints: null); // StaticGravity from the start, before any map
        SetClass(shown, "", "");
        SetTitle(shown, "");
    }

    /// <summary>A 16x16 icon in the label's colour (ARGB, opaque), so the taskbar shows which qube a window is from.</summary>
    private nint[] LabelIcon
    {
        get
        {
            const int Size = 16;
            var icon = new nint[2 + (Size * Size)];
            (icon[0], icon[1]) = (Size, Size);
            Array.Fill(icon, (nint)(0xFF00_0000 | Qube.Label.Color), 2, Size * Size);
            return icon;
        }
    }

    public void OnDestroy(WindowId window)
    {
        HostWindow shown = Resolve(window);
        ForgetFocus(shown);
        Charge(shown.Mapped ? MessageCosts.Restack : 0); // an unmapped window leaves no hole to repaint
        _docked -= shown.DockRequested ? 1 : 0;
        ReleaseGrant(shown);
        shown.Strip?.Dispose();
        _host.Destroy(shown.Host);
        _windows.Remove(window);
        _byHostWindow.Remove(shown.Host);
        shown.TransientOwner = null; // so a chain of dialogs never holds destroyed windows, and stays as short as the table
        Channel.SendEmpty(MessageType.Destroy, window); // the agent may reuse the id now
    }

    public void OnMap(WindowId window, MapInfo map)
    {
        HostWindow shown = Resolve(window);
        if (shown.Mapped && !TryRaise(shown))
        {
            return;
        }

        Charge(MessageCosts.Restack);
        if (shown.Docked)
        {
            shown.Mapped = true; // in the host's tray, which maps it (_XEMBED_INFO): never a top-level window
            return;
        }

        if (!map.TransientFor.IsNone)
        {
            // Only a window of the same qube can own a dialog.
            HostWindow owner = _windows.TryGetValue(map.TransientFor, out HostWindow? found)
                ? found
                : throw new ProtocolViolationException(ProtocolViolation.TransientForInvalid);
            if (IsOwnedBy(owner, shown))
            {
                // Security: a loop of dialogs (A of B, B of A) is legal X but can hang a host
                // window manager that follows the chain. The hint is dropped, the window still
                // shown; an X client in the qube can cause it, so the qube is not cut off.
                if (!_transientLoopLogged)
                {
                    Log.Warning($"qube {Qube.Name}: transient-for loop ignored (window {window} cannot be a dialog of {map.TransientFor}); reported once per connection");
                    _transientLoopLogged = true;
                }
            }
            else
            {
                shown.TransientOwner = owner;
                _host.SetLongs(shown.Host, XAtom.WmTransientFor, XAtom.Window, [(nint)owner.Host.Id]);
            }
        }

        shown.WantsOverrideRedirect = map.OverrideRedirect;
        // Security: a window that would make the qube's unmanaged windows cover 90% of a monitor
        // (alone, or as the last of several tiles) is managed and framed, so a qube cannot paint
        // a fake desktop over everything.
        shown.OverrideRedirectInEffect = map.OverrideRedirect && MayStayUnmanaged(shown, shown.HostBounds);
        _host.SetOverrideRedirect(shown.Host, shown.OverrideRedirectInEffect);
        if (shown.States != HostStates.None)
        {
            WriteStates(shown); // a window manager drops the property when a window is withdrawn; it reads it again at this map
        }

        SetFocusHints(shown); // Security: a window the user did not just ask for never takes the keyboard
        if (_trusted.Ceiling.IsNone || shown.Reparented)
        {
            _host.Map(shown.Host);
            _host.Raise(shown.Host);
        }
        else
        {
            // Security: a trusted window (notice, X-ray) is shown: the qube's window goes up to
            // just below it, before it is mapped, so it is never over it, not even for a moment.
            // (In a window manager's frame the manager stacks; the daemon raises its own after.)
            _host.StackBelow(shown.Host, _trusted.Ceiling);
            _host.Map(shown.Host);
        }

        shown.Mapped = true;
        shown.Minimized = false; // mapped by the qube: shown, whether restored or new
        _restacked = true; // the daemon's own windows (notices, X-ray) go back over it
    }

    public void OnUnmap(WindowId window)
    {
        HostWindow shown = Resolve(window);
        ForgetFocus(shown);
        Charge(MessageCosts.Restack);
        _host.Unmap(shown.Host);
        shown.Mapped = false;
    }

    public void OnConfigure(WindowId window, Configure configure)
    {
        HostWindow shown = Resolve(window);
        if (shown.DockRequested && OnDockedConfigured(shown, configure))
        {
            return;
        }

        OnQubeConfigured(shown, new XRect(configure.X, configure.Y, configure.Width, configure.Height));
    }

    public void OnClipboardData(ReadOnlySpan<byte> untrustedText) =>
        _clipboard.OnData(this, untrustedText); // accepted only as the answer to the broker's own request

    public void OnClipboardImage(ClipboardImage image, SafeFileHandle untrustedPixelsFd) =>
        _clipboard.OnImage(this, image, untrustedPixelsFd, _mapper); // the same, and the grant is checked before it is mapped

    public void OnWindowName(WindowId window, WindowName name)
    {
        HostWindow shown = Resolve(window);
        Charge(MessageCosts.Property);
        SetTitle(shown, name.Title);
    }

    public void OnWindowHints(WindowId window, WindowHints hints)
    {
        HostWindow shown = Resolve(window);
        Charge(MessageCosts.Property);
        if (!shown.Docked)
        {
            SetHostHints(shown, hints); // a tray icon's hints are the daemon's (its size, QubeSession.Tray)
        }
    }

    public void OnWindowFlags(WindowId window, WindowFlags flags) => ApplyFlags(Resolve(window), flags);

    public void OnWindowClass(WindowId window, WindowClass windowClass)
    {
        HostWindow shown = Resolve(window);
        if (shown.Mapped)
        {
            throw new ProtocolViolationException(ProtocolViolation.ClassAfterMap);
        }

        Charge(MessageCosts.Property);
        SetClass(shown, windowClass.ClassName, windowClass.InstanceName);
    }

    public void OnCursor(WindowId window, CursorShape cursor)
    {
        HostWindow shown = Resolve(window);
        Charge(MessageCosts.Property);
        _host.DefineFontCursor(shown.Host, cursor.FontGlyph);
    }

    /// <summary>
    /// Security: MAP of a window already mapped raises it, which restacks the host's windows and
    /// exposes the ones it leaves: a qube raising in a loop would keep the host X server and the
    /// daemon repainting. At most <see cref="MessageCosts.RaisesPerSecond"/> a second per window;
    /// the rest are ignored (honest apps raise too, so it is no violation), reported rate-limited.
    /// </summary>
    private bool TryRaise(HostWindow shown)
    {
        if (shown.Raises.Available >= 1)
        {
            shown.Raises.Spend(1);
            return true;
        }

        if (_raiseReports.TryReport(out int heldBack))
        {
            Log.Warning($"qube {Qube.Name}: raises of a mapped window limited to {MessageCosts.RaisesPerSecond} a second per window; the rest are ignored ({heldBack} more since the last report; reported at most every 10 s)");
        }

        return false;
    }

    public void OnWindowDump(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd) => ShowGrant(window, dump, untrustedGrantFd);

    /// <summary>The title is always "[qube] " first; the qube's part was sanitized by Protocol.</summary>
    private void SetTitle(HostWindow window, string sanitizedTitle)
    {
        window.Title = sanitizedTitle;
        byte[] title = Encoding.UTF8.GetBytes($"[{Qube.Name}] {sanitizedTitle}");
        if (HasStrip && window.Strip is not null)
        {
            DrawFrame(window); // the strip shows the new title
        }

        _host.SetBytes(window.Host, _host.Atom("_NET_WM_NAME"), _host.Atom("UTF8_STRING"), title);
        _host.SetBytes(window.Host, XAtom.WmName, _host.Atom("UTF8_STRING"), title);
    }

    /// <summary>WM_CLASS as "qube:instance", "qube:class", so the host can group and never confuse qubes.</summary>
    private void SetClass(HostWindow window, string className, string instanceName)
    {
        byte[] value = Encoding.UTF8.GetBytes($"{Qube.Name}:{instanceName}\0{Qube.Name}:{className}\0");
        _host.SetBytes(window.Host, XAtom.WmClass, XAtom.String, value);
    }

    /// <summary>
    /// Security: an unmanaged (override-redirect) window about to grow or move so that the qube's
    /// unmanaged windows cover 90% of a monitor is handed to the window manager first (unmap,
    /// clear the flag, map again), so that no size change turns small menus into an unmanaged
    /// fake desktop.
    /// </summary>
    private void ManageIfCoveringTheScreen(HostWindow shown, XRect newBounds)
    {
        if (shown.OverrideRedirectInEffect && !MayStayUnmanaged(shown, newBounds))
        {
            shown.OverrideRedirectInEffect = false;
            _host.Unmap(shown.Host);
            _host.SetOverrideRedirect(shown.Host, false);
            if (shown.Mapped)
            {
                SetFocusHints(shown);
                _host.Map(shown.Host);
                _restacked = true;
            }
        }
    }

    /// <summary>True if <paramref name="window"/> is <paramref name="ancestor"/> or one of its dialogs' owners leads to it (bounded by the table's size).</summary>
    private bool IsOwnedBy(HostWindow window, HostWindow ancestor)
    {
        HostWindow? current = window;
        for (int steps = 0; current is not null && steps <= _windows.Count; steps++, current = current.TransientOwner)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return current is not null; // longer than the table (a destroyed window holds no owner): a loop, refused too
    }

    /// <summary>
    /// The screen-cover rule for override-redirect windows. Security: unmanaged windows have no
    /// frame and no title, and a window manager cannot move or close them; so the union of a
    /// qube's visible unmanaged windows, <paramref name="shown"/> at <paramref name="bounds"/>
    /// included, must stay under nine tenths of every monitor (overlaps counted once, see
    /// <see cref="ScreenCover"/>). At most <see cref="MaxUnmanagedWindows"/> are visible at once,
    /// which also bounds the union's cost; and a qube whose unmanaged windows the user dismissed
    /// with the escape hotkey gets none any more.
    /// </summary>
    private bool MayStayUnmanaged(HostWindow shown, XRect bounds)
    {
        if (_unmanagedRevoked)
        {
            return false;
        }

        var windows = new List<XRect>(MaxUnmanagedWindows + 1) { bounds };
        foreach (HostWindow other in _windows.Values)
        {
            if (other != shown && other.Mapped && other.OverrideRedirectInEffect)
            {
                if (windows.Count > MaxUnmanagedWindows)
                {
                    return false;
                }

                windows.Add(other.HostBounds);
            }
        }

        if (ScreenCover.CoversMostOfAMonitor(CollectionsMarshal.AsSpan(windows), _host.Monitors()))
        {
            if (!_coverLogged)
            {
                Log.Info($"qube {Qube.Name}: an override-redirect window is managed: the qube's unmanaged windows would cover most of a monitor; reported once per connection");
                _coverLogged = true;
            }

            return false;
        }

        return true;
    }

    /// <summary>Nine tenths of any one monitor (of the whole screen on a one-monitor host): such a window is typed normal and titled.</summary>
    private bool CoversMostOfTheScreen(XRect bounds) => ScreenCover.CoversMostOfAMonitor([bounds], _host.Monitors());
}
