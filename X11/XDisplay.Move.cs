using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Handing a window move the user started (a drag on a title the client draws) to the window manager.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>_NET_WM_MOVERESIZE_MOVE: the window follows the pointer until the button is released.</summary>
    private const int MoveResizeMove = 8;

    /// <summary>
    /// EWMH _NET_WM_MOVERESIZE: the window manager moves <paramref name="window"/> with the pointer,
    /// as if its own title bar were dragged. The press's implicit pointer grab is released first
    /// (EWMH says so: the manager grabs the pointer itself).
    /// </summary>
    public void BeginWindowMove(XWindow window, int rootX, int rootY, uint button, nuint time)
    {
        _ = Xlib.XUngrabPointer(Raw, time);
        XEvent ev = default;
        var message = (XClientMessageEvent*)&ev;
        message->Type = XEventType.ClientMessage;
        message->Window = window.Id;
        message->MessageType = Atom("_NET_WM_MOVERESIZE").Id;
        message->Format = 32;
        message->Data0 = rootX;
        message->Data1 = rootY;
        message->Data2 = MoveResizeMove;
        message->Data3 = (nint)button;
        message->Data4 = 1; // source: an application
        _ = Xlib.XSendEvent(Raw, Root.Id, 0, (nint)(EventMask.SubstructureNotify | EventMask.SubstructureRedirect), &ev);
        _ = Xlib.XFlush(Raw);
    }
}
