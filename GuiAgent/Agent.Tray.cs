using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The qube's system tray (freedesktop System Tray 0.3 over XEmbed): the agent owns
/// _NET_SYSTEM_TRAY_S{screen}, embeds each icon an app docks in a small container window of its
/// own, and that container is captured like any top-level window and announced with DOCK, so the
/// daemon shows it in the host's tray, in the qube's label colour.
/// </summary>
internal sealed partial class Agent
{
    /// <summary>The side of an icon's container: the size most trays give an icon (the app draws to fit).</summary>
    public const int TrayIconSize = 24;

    /// <summary>Icons embedded at once; more dock requests are ignored (the daemon allows as many).</summary>
    public const int MaxTrayIcons = 32;

    /// <summary>System Tray: SYSTEM_TRAY_REQUEST_DOCK in a _NET_SYSTEM_TRAY_OPCODE message's second long.</summary>
    private const int RequestDock = 0;

    /// <summary>XEmbed: XEMBED_EMBEDDED_NOTIFY, and the protocol version we speak.</summary>
    private const int EmbeddedNotify = 0, XEmbedVersion = 0;

    /// <summary>Container window to the icon it holds, and back.</summary>
    private readonly Dictionary<XWindow, XWindow> _trayContainers = [], _trayIcons = [];

    private XWindow _trayOwner;

    /// <summary>
    /// Takes the tray selection and announces it (ICCCM 2.8: MANAGER on the root), so apps that
    /// wait for a tray dock their icons. Another tray in the qube keeps it: then icons are its own.
    /// </summary>
    private void BecomeSystemTray()
    {
        // A child of the window manager's check window, so it is never a top-level window to capture.
        _trayOwner = _display.CreateWindow(_wmCheck, new XRect(0, 0, 1, 1));
        XAtom selection = _display.Atom($"_NET_SYSTEM_TRAY_S{_display.Screen}");
        if (!_display.SetSelectionOwner(selection, _trayOwner))
        {
            Log.Warning($"another system tray runs on {_display.Name}: tray icons stay its own");
            return;
        }

        _display.SetLongs(_trayOwner, _display.Atom("_NET_SYSTEM_TRAY_ORIENTATION"), XAtom.Cardinal, [0]); // horizontal
        _display.BroadcastToRoot(_display.Atom("MANAGER"), 0, (nint)selection.Id, (nint)_trayOwner.Id);
    }

    /// <summary>A client message to the tray: a dock request embeds the icon.</summary>
    private bool OnTrayMessage(in XEventData e)
    {
        if (_trayOwner.IsNone || e.Window != _trayOwner)
        {
            return false;
        }

        if (e.Atom == _display.Atom("_NET_SYSTEM_TRAY_OPCODE") && e.Data.Second == RequestDock)
        {
            Embed(new XWindow((nuint)e.Data.Third));
        }

        return true;
    }

    /// <summary>
    /// XEmbed: the icon goes into a container of ours (reparent, EMBEDDED_NOTIFY, map). The
    /// container's CreateNotify announces it (CREATE, then DOCK) and its MapNotify maps it.
    /// </summary>
    private void Embed(XWindow icon)
    {
        if (_trayIcons.ContainsKey(icon) || _trayIcons.Count >= MaxTrayIcons || _display.TryGetGeometry(icon) is not { InputOnly: false })
        {
            return;
        }

        if (_windows.Remove(icon, out TrackedWindow? wasTopLevel))
        {
            // Created on the root, it was announced as a window: it is the container's content now.
            SendEmpty(MessageType.Destroy, wasTopLevel);
            ReleaseGrants(wasTopLevel);
        }

        XWindow container = _display.CreateWindow(_display.Root, new XRect(0, 0, TrayIconSize, TrayIconSize));
        _trayContainers[container] = icon;
        _trayIcons[icon] = container;
        using (ErrorTrap trap = _display.TrapErrors())
        {
            // StructureNotify: the icon destroyed, or taken out of the container by its app, ends the dock.
            _display.SelectInput(icon, EventMask.StructureNotify);
            _display.Reparent(icon, container, 0, 0);
            _display.MoveResize(icon, new XRect(0, 0, TrayIconSize, TrayIconSize));
            _display.SendClientMessageTo(icon, icon, _display.Atom("_XEMBED"), 0, EmbeddedNotify, 0, (nint)container.Id, XEmbedVersion);
            _display.Map(icon);
            _display.Sync();
            if (trap.Failed())
            {
                Log.Debug($"tray icon 0x{icon.Id:x} vanished while docking");
            }
        }

        _display.CreateDamage(icon); // its drawing reaches the container's pixmap; reported on the container too
        _display.Map(container); // our own request: not redirected to us
        Log.Debug($"tray icon 0x{icon.Id:x} docked in 0x{container.Id:x}");
    }

    /// <summary>The icon went away or left its container: the container goes, which sends DESTROY.</summary>
    private bool OnTrayIconEvent(in XEventData e)
    {
        bool gone = e.Kind == XEventKind.Destroy || (e.Kind == XEventKind.Reparent && _trayIcons.TryGetValue(e.Window, out XWindow parent) && e.Other != parent);
        if (!gone || !_trayIcons.Remove(e.Window, out XWindow container))
        {
            return false;
        }

        _trayContainers.Remove(container);
        _display.Destroy(container);
        Log.Debug($"tray icon 0x{e.Window.Id:x} undocked");
        return true;
    }

    /// <summary>The container of a docked icon is announced with DOCK right after CREATE.</summary>
    private bool IsTrayContainer(TrackedWindow window) => _trayContainers.ContainsKey(window.Window);

    /// <summary>Damage on an icon, as damage of its container (same coordinates: the icon fills it).</summary>
    private bool TryTrayContainer(XWindow icon, out TrackedWindow? container)
    {
        container = null;
        return _trayIcons.TryGetValue(icon, out XWindow holder) && _windows.TryGetValue(holder, out container);
    }
}
