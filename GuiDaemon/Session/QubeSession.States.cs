using GuiVirt.GuiDaemon.Config;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Window states a qube may ask for. Fullscreen follows the configured policy (by default the
/// window is maximized instead, keeping its frame and title, as Qubes does); attention and
/// minimize are passed to the host window manager as EWMH/ICCCM requests. A qube can set these
/// flags and clear them, never the frame, the title prefix or the label.
/// </summary>
internal sealed partial class QubeSession
{
    private const int NetWmStateRemove = 0, NetWmStateAdd = 1, IconicState = 3;

    private void ApplyFlags(HostWindow shown, WindowFlags flags)
    {
        if (flags.Set.HasFlag(WindowStateFlags.Fullscreen))
        {
            GoFullscreen(shown);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.Fullscreen) && shown.RestoreBounds is { } restore)
        {
            shown.RestoreBounds = null;
            RequestNetWmState(shown, NetWmStateRemove, "_NET_WM_STATE_FULLSCREEN");
            MoveHostWindow(shown, restore);
        }

        if (flags.Set.HasFlag(WindowStateFlags.DemandsAttention))
        {
            RequestNetWmState(shown, NetWmStateAdd, "_NET_WM_STATE_DEMANDS_ATTENTION");
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.DemandsAttention))
        {
            RequestNetWmState(shown, NetWmStateRemove, "_NET_WM_STATE_DEMANDS_ATTENTION");
        }

        if (flags.Set.HasFlag(WindowStateFlags.Minimize) && shown.Mapped)
        {
            // ICCCM 4.1.4: ask the window manager to iconify.
            _host.SendClientMessageToRoot(shown.Host, _host.Atom("WM_CHANGE_STATE"), IconicState, 0, 0);
        }
        else if (flags.Unset.HasFlag(WindowStateFlags.Minimize) && shown.Mapped)
        {
            _host.Map(shown.Host);
        }
    }

    /// <summary>The whole screen, frame included: maximized (default policy) or fullscreen where allowed.</summary>
    private void GoFullscreen(HostWindow shown)
    {
        shown.RestoreBounds ??= shown.HostBounds;
        if (_options.Config.Fullscreen == FullscreenPolicy.Allow)
        {
            RequestNetWmState(shown, NetWmStateAdd, "_NET_WM_STATE_FULLSCREEN");
        }

        MoveHostWindow(shown, new XRect(0, 0, _host.Width, _host.Height));
    }

    /// <summary>Moves the host window and tells the qube the size its window now has.</summary>
    private void MoveHostWindow(HostWindow shown, XRect hostBounds)
    {
        ManageIfCoveringTheScreen(shown, hostBounds);
        RequestHostBounds(shown, hostBounds);
        TellQube(shown, hostBounds);
    }

    private void RequestNetWmState(HostWindow shown, int action, string state) =>
        _host.SendClientMessageToRoot(shown.Host, _host.Atom("_NET_WM_STATE"), action, (nint)_host.Atom(state).Id, 0);
}
