using GuiVirt.GuiDaemon.Config;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Window states a qube may ask for. Fullscreen follows the configured policy (by default the
/// window is maximized instead, keeping its frame and title, as Qubes does); attention and
/// minimize are passed to the host window manager as EWMH/ICCCM requests. Where a window manager
/// runs, it fills the screen and remembers where the window was, as for a native window; without
/// one the daemon does both itself. A qube can set these flags and clear them, never the frame,
/// the title prefix or the label.
/// </summary>
internal sealed partial class QubeSession
{
    private const int NetWmStateRemove = 0, NetWmStateAdd = 1, IconicState = 3;

    /// <summary>The only _NET_WM_STATE atoms the daemon ever sets, one per <see cref="HostStates"/> bit.</summary>
    private static readonly (HostStates State, string Atom)[] StateAtoms =
    [
        (HostStates.MaximizedVert, "_NET_WM_STATE_MAXIMIZED_VERT"), (HostStates.MaximizedHorz, "_NET_WM_STATE_MAXIMIZED_HORZ"),
        (HostStates.Fullscreen, "_NET_WM_STATE_FULLSCREEN"), (HostStates.DemandsAttention, "_NET_WM_STATE_DEMANDS_ATTENTION"),
        (HostStates.Modal, "_NET_WM_STATE_MODAL"), (HostStates.SkipTaskbar, "_NET_WM_STATE_SKIP_TASKBAR"),
        (HostStates.SkipPager, "_NET_WM_STATE_SKIP_PAGER"),
    ];

    private void ApplyFlags(HostWindow shown, WindowFlags flags)
    {
        Charge(MessageCosts.Restack); // may resize (fullscreen), iconify or map the host window
        if (flags.Set.HasFlag(WindowStateFlags.Fullscreen))
        {
            GoFullscreen(shown);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.Fullscreen))
        {
            LeaveFullscreen(shown);
        }

        if (flags.Set.HasFlag(WindowStateFlags.DemandsAttention))
        {
            SetStates(shown, HostStates.DemandsAttention, on: true);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.DemandsAttention))
        {
            SetStates(shown, HostStates.DemandsAttention, on: false);
        }

        if (flags.Set.HasFlag(WindowStateFlags.Minimize) && shown.Mapped)
        {
            // ICCCM 4.1.4: ask the window manager to iconify.
            _host.SendClientMessageToRoot(shown.Host, _host.Atom("WM_CHANGE_STATE"), IconicState, 0, 0);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.Minimize) && shown.Mapped)
        {
            SetFocusHints(shown); // restored by the qube: no focus without the user
            _host.Map(shown.Host);
            _restacked = true;
        }
    }

    /// <summary>The whole screen: maximized inside its frame and title (default policy), or fullscreen where allowed.</summary>
    private void GoFullscreen(HostWindow shown)
    {
        HostStates wanted = _options.Config.Fullscreen == FullscreenPolicy.Allow ? HostStates.Fullscreen : HostStates.Maximized;
        XRect monitor = MonitorOf(shown);
        ShowKind(shown, monitor); // about to cover the screen: typed normal, titled, before the manager sizes it
        if (WindowManagerHandles(wanted))
        {
            // The window manager sizes it (around its own decorations) and keeps the place to go
            // back to; its ConfigureNotify tells the qube the new size.
            SetStates(shown, wanted, on: true);
            return;
        }

        // No window manager: the daemon fills the window's monitor itself, frame included.
        shown.RestoreBounds ??= shown.HostBounds;
        MoveHostWindow(shown, monitor);
    }

    private void LeaveFullscreen(HostWindow shown)
    {
        if ((shown.States & (HostStates.Fullscreen | HostStates.Maximized)) != 0)
        {
            SetStates(shown, HostStates.Fullscreen | HostStates.Maximized, on: false); // the window manager restores the old place
        }

        if (shown.RestoreBounds is { } restore)
        {
            shown.RestoreBounds = null;
            MoveHostWindow(shown, restore);
        }
    }

    /// <summary>Moves the host window and tells the qube the size its window now has.</summary>
    private void MoveHostWindow(HostWindow shown, XRect hostBounds)
    {
        ManageIfCoveringTheScreen(shown, hostBounds);
        RequestHostBounds(shown, hostBounds);
        TellQube(shown, hostBounds);
    }

    private bool WindowManagerHandles(HostStates states) =>
        _host.WindowManagerSupports(_host.Atom("_NET_WM_STATE"))
        && StateAtoms.Where(pair => states.HasFlag(pair.State)).All(pair => _host.WindowManagerSupports(_host.Atom(pair.Atom)));

    /// <summary>
    /// EWMH: before a window is mapped its _NET_WM_STATE property is what the window manager reads;
    /// once mapped, states change only by asking the window manager (a ClientMessage to the root).
    /// </summary>
    private void SetStates(HostWindow shown, HostStates states, bool on)
    {
        HostStates changed = on ? states & ~shown.States : states & shown.States;
        if (changed == HostStates.None)
        {
            return;
        }

        shown.States = on ? shown.States | states : shown.States & ~states;
        if (!shown.Mapped)
        {
            WriteStates(shown);
            return;
        }

        // At most two states per message (data.l[1] and l[2]); maximizing both ways is one message.
        XAtom[] atoms = [.. StateAtoms.Where(pair => changed.HasFlag(pair.State)).Select(pair => _host.Atom(pair.Atom))];
        for (int i = 0; i < atoms.Length; i += 2)
        {
            nint second = i + 1 < atoms.Length ? (nint)atoms[i + 1].Id : 0;
            _host.SendClientMessageToRoot(shown.Host, _host.Atom("_NET_WM_STATE"), on ? NetWmStateAdd : NetWmStateRemove, (nint)atoms[i].Id, second);
        }
    }

    /// <summary>The states as the property a window manager reads at map time (it removes it when the window is withdrawn).</summary>
    private void WriteStates(HostWindow shown) =>
        _host.SetLongs(shown.Host, _host.Atom("_NET_WM_STATE"), XAtom.Atom,
            [.. StateAtoms.Where(pair => shown.States.HasFlag(pair.State)).Select(pair => (nint)_host.Atom(pair.Atom).Id)]);
}
