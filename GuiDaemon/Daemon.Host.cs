using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon;

/// <summary>The daemon's host side: the host X server's events, each to the qube that owns the window, and screen changes.</summary>
internal sealed partial class Daemon
{
    /// <summary>
    /// The host screen changed (the root's ConfigureNotify, or a RandR screen-change event: a new
    /// size, or monitors set or moved at the same size): every qube's windows are kept on the
    /// monitors there are now, and every qube is sent the new SCREEN_CONFIG if it changed.
    /// </summary>
    private void OnScreenResized(int width, int height)
    {
        if (_host.NoteRootSize(width, height))
        {
            Log.Info($"host screen is now {width}x{height}");
        }

        foreach (QubeEndpoint endpoint in _endpoints)
        {
            if (endpoint.Session is { } session)
            {
                Guard(endpoint, session.OnScreenChanged);
            }
        }
    }

    /// <summary>Host events: each goes to the qube that owns the window, and only to it.</summary>
    private void PumpHost()
    {
        while (_host.TryNextEvent(out XEventData e))
        {
            if (_keyboard.OnHostEvent(e, out Protocol.Messages.KeyboardLayout? layout, out IReadOnlyList<Protocol.Messages.Keysyms> remapped))
            {
                // The host's keyboard changed: every qube follows, before any key typed after the change.
                foreach (QubeEndpoint endpoint in _endpoints)
                {
                    if (endpoint.Session is { } session)
                    {
                        Guard(endpoint, () => session.SendKeyboard(layout, remapped));
                    }
                }

                continue;
            }

            if (e.Window == _notices.Window)
            {
                _notices.OnEvent(e);
                continue;
            }

            if (e.Window == _host.Root && e.Kind == XEventKind.Configure)
            {
                // The root's own size, read again: under Xinerama the event may carry one X screen's
                // (a nested Xephyr +xinerama of two 640x480 heads sends 640x480 for its 1280x480 root).
                XRect root = _host.TryGetGeometry(_host.Root)?.Bounds ?? new XRect(0, 0, e.Width, e.Height);
                OnScreenResized(root.Width, root.Height);
                continue;
            }

            if (e.Window == _host.Root && e.Kind == XEventKind.ClientMessage && e.Atom == _host.Atom("MANAGER")
                && (nuint)e.Data.Second == _host.Atom(Session.QubeSession.TraySelection).Id)
            {
                // A system tray started on the host (ICCCM MANAGER): the docked icons go to it.
                foreach (QubeEndpoint endpoint in _endpoints)
                {
                    if (endpoint.Session is { } session)
                    {
                        Guard(endpoint, session.OnHostTrayChanged);
                    }
                }

                continue;
            }

            if (e.Window == _host.Root && e.Kind is XEventKind.KeyPress or XEventKind.KeyRelease)
            {
                OnTrustedKey(e); // a grabbed hotkey: the daemon's, never a qube's
                continue;
            }

            if (_xray.Owns(e.Window))
            {
                _xray.OnEvent(e.Window, e);
                continue;
            }

            foreach (QubeEndpoint endpoint in _endpoints)
            {
                if (endpoint.Session is { } session && session.TryGetByHostWindow(e.Window, out HostWindow window))
                {
                    Guard(endpoint, () => session.OnHostEvent(window, e));
                    endpoint.Budget.Spend(session.TakeCharges()); // a repaint after an Expose is the window's qube's cost
                    break;
                }
            }
        }
    }
}
