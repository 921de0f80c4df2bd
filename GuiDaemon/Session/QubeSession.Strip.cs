using GuiVirt.GuiDaemon.Host;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// The title strip's input (<c>decorations = "strip"</c>): button events on it are the host's,
/// never the qube's; dragging it with the first button moves the window: through the window
/// manager (_NET_WM_MOVERESIZE) where one runs, by the daemon itself otherwise, kept on a monitor.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>True if the event was the strip's (a press, drag or release on it): the qube does not get it.</summary>
    private bool OnStrip(HostWindow shown, in XEventData e)
    {
        switch (e.Kind)
        {
            case XEventKind.ButtonPress when e.Y >= 0 && e.Y < Top:
                OnClick(shown, e); // the focus, as a click anywhere on the window
                if (e.Detail == 1)
                {
                    if (_host.WindowManagerRuns)
                    {
                        _host.BeginWindowMove(shown.Host, e.RootX, e.RootY, e.Detail, e.Time);
                    }
                    else
                    {
                        shown.DragOffset = (e.RootX - shown.HostBounds.X, e.RootY - shown.HostBounds.Y);
                    }
                }

                return true;
            case XEventKind.Motion when shown.DragOffset is (int dx, int dy):
                var moved = new XRect(e.RootX - dx, e.RootY - dy, shown.HostBounds.Width, shown.HostBounds.Height);
                XRect root = new(0, 0, _host.Width, _host.Height);
                MoveHostWindow(shown, MonitorPlacement.KeepOn(moved, MonitorPlacement.MonitorOf(moved, _host.Monitors(), root)));
                return true;
            case XEventKind.ButtonRelease when shown.DragOffset is not null:
                shown.DragOffset = null;
                return true;
            case XEventKind.ButtonRelease when e.Y >= 0 && e.Y < Top:
                return true; // the release of a press the strip took
            default:
                return false;
        }
    }
}
