using GuiVirt.X11.Interop;

namespace GuiVirt.TestApp;

/// <summary>
/// --tray: instead of mapping its window, the app docks it in the system tray as a tray icon
/// (freedesktop System Tray 0.3 over XEmbed): _XEMBED_INFO says "map me", and a
/// SYSTEM_TRAY_REQUEST_DOCK message goes to the owner of _NET_SYSTEM_TRAY_S{screen}, which embeds
/// and maps the window. The pattern is then drawn as usual, at the size the tray gives.
/// </summary>
internal static unsafe class TrayDock
{
    private const int SystemTrayRequestDock = 0;
    private const nint XEmbedMapped = 1;

    /// <summary>Waits up to <paramref name="timeout"/> for a tray, then asks it to dock <paramref name="window"/>; false without a tray.</summary>
    public static bool Request(XConnection x, nuint window, EventLog log, TimeSpan timeout)
    {
        x.SetLongs(window, x.Atom("_XEMBED_INFO"), x.Atom("_XEMBED_INFO"), [0 /* version */, (nuint)XEmbedMapped]);
        nuint selection = x.Atom($"_NET_SYSTEM_TRAY_S{x.Screen}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        nuint owner;
        while ((owner = Xlib.XGetSelectionOwner(x.Handle, selection)) == 0)
        {
            if (clock.Elapsed > timeout)
            {
                log.Line("tray none");
                return false;
            }

            Thread.Sleep(50);
        }

        XEvent ev = default;
        var message = (XClientMessageEvent*)&ev;
        message->Type = XEventType.ClientMessage;
        message->Window = owner;
        message->MessageType = x.Atom("_NET_SYSTEM_TRAY_OPCODE");
        message->Format = 32;
        message->Data0 = 0; // CurrentTime
        message->Data1 = SystemTrayRequestDock;
        message->Data2 = (nint)window;
        _ = Xlib.XSendEvent(x.Handle, owner, 0, 0, &ev);
        Xlib.XFlush(x.Handle);
        log.Line($"tray dock requested owner=0x{owner:x}");
        return true;
    }
}
