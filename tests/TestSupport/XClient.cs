using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.TestSupport;

/// <summary>
/// The test's own X connection through the raw bindings, with error handlers that never exit:
/// Xlib's defaults would exit() the whole test host on a BadWindow or when a server goes away.
/// </summary>
public sealed unsafe class XClient : IDisposable
{
    private const int ZPixmap = 2;
    private static volatile int s_lastErrorCode;

    public XClient(string display)
    {
        Xlib.XSetErrorHandler(&OnError);
        Xlib.XSetIOErrorHandler(&OnIOError);
        Handle = Xlib.XOpenDisplay(display);
        if (Handle == 0)
        {
            throw new InvalidOperationException($"cannot open display {display}");
        }
        Xlib.XSetIOErrorExitHandler(Handle, &OnIOErrorExit, 0);
        Root = Xlib.XDefaultRootWindow(Handle);
    }

    internal nint Handle { get; }
    public nuint Root { get; }

    /// <summary>The code of the last X error any test connection received (0: none yet).</summary>
    public static int LastErrorCode => s_lastErrorCode;

    public nuint Atom(string name) => Xlib.XInternAtom(Handle, name, 0);

    /// <summary>The window's pixels as 0x00RRGGBB, row by row; the pad byte is masked off.</summary>
    public uint[] GetPixels(nuint window, int width, int height)
    {
        Xlib.XSync(Handle, 0);
        XImage* image = Xlib.XGetImage(Handle, window, 0, 0, (uint)width, (uint)height, nuint.MaxValue, ZPixmap);
        if (image == null)
        {
            throw new InvalidOperationException($"XGetImage of 0x{window:x} failed (X error {LastErrorCode})");
        }
        try
        {
            // A 24-bit TrueColor ZPixmap has 32 bits per pixel padded to 32: rows of exactly
            // width * 4 bytes. Computed here instead of read from the XImage fields, so these
            // tests do not depend on the depth/bytes_per_line/bits_per_pixel offsets (pinned,
            // separately, by XStructLayoutTests). A wrong stride fails the comparison anyway.
            int stride = width * 4;
            var pixels = new uint[width * height];
            for (int y = 0; y < height; y++)
            {
                var row = new ReadOnlySpan<uint>(image->Data + ((long)y * stride), width);
                for (int x = 0; x < width; x++)
                {
                    pixels[(y * width) + x] = row[x] & 0x00FF_FFFF;
                }
            }
            return pixels;
        }
        finally
        {
            // XDestroyImage is a macro over the image's own function table.
            ((delegate* unmanaged<XImage*, int>)image->DestroyImage)(image);
        }
    }

    internal XWindowAttributes GetAttributes(nuint window)
    {
        XWindowAttributes attributes;
        if (Xlib.XGetWindowAttributes(Handle, window, &attributes) == 0)
        {
            throw new InvalidOperationException($"XGetWindowAttributes of 0x{window:x} failed");
        }
        return attributes;
    }

    /// <summary>A property's raw value and type name; format-32 items come back as 8-byte longs.</summary>
    public (string Type, int Format, byte[] Value) GetProperty(nuint window, string name)
    {
        nuint type;
        int format;
        nuint items;
        nuint bytesAfter;
        byte* data;
        Xlib.XGetWindowProperty(Handle, window, Atom(name), 0, 1 << 16, 0, 0, &type, &format, &items, &bytesAfter, &data);
        if (data == null)
        {
            return ("None", 0, []);
        }
        int itemSize = format == 32 ? sizeof(nint) : format / 8;
        byte[] value = new ReadOnlySpan<byte>(data, checked((int)items * itemSize)).ToArray();
        Xlib.XFree(data);
        return (AtomName(type), format, value);
    }

    public string AtomName(nuint atom)
    {
        if (atom == 0)
        {
            return "None";
        }
        byte* name = Xlib.XGetAtomName(Handle, atom);
        string text = Marshal.PtrToStringUTF8((nint)name) ?? "";
        Xlib.XFree(name);
        return text;
    }

    public nuint SelectionOwner(string selection) => Xlib.XGetSelectionOwner(Handle, Atom(selection));

    /// <summary>What a window manager does to close a window politely (ICCCM 4.2.8.1).</summary>
    public void SendDeleteWindow(nuint window)
    {
        XEvent ev = default;
        var message = (XClientMessageEvent*)&ev;
        message->Type = XEventType.ClientMessage;
        message->Window = window;
        message->MessageType = Atom("WM_PROTOCOLS");
        message->Format = 32;
        message->Data0 = (nint)Atom("WM_DELETE_WINDOW");
        message->Data1 = 0;   // CurrentTime
        Xlib.XSendEvent(Handle, window, 0, 0, &ev);
        Xlib.XFlush(Handle);
    }

    /// <summary>What an app does to ask the window manager for a state (EWMH _NET_WM_STATE: 0 remove, 1 add, 2 toggle).</summary>
    public void RequestNetWmState(nuint window, int action, string state)
    {
        XEvent ev = default;
        var message = (XClientMessageEvent*)&ev;
        message->Type = XEventType.ClientMessage;
        message->Window = window;
        message->MessageType = Atom("_NET_WM_STATE");
        message->Format = 32;
        message->Data0 = action;
        message->Data1 = (nint)Atom(state);
        // To the root, where the window manager listens (SubstructureNotify | SubstructureRedirect).
        Xlib.XSendEvent(Handle, Root, 0, (1 << 19) | (1 << 20), &ev);
        Xlib.XFlush(Handle);
    }

    public void MoveResize(nuint window, int x, int y, int width, int height)
    {
        Xlib.XMoveResizeWindow(Handle, window, x, y, (uint)width, (uint)height);
        Xlib.XFlush(Handle);
    }

    public void Dispose() => Xlib.XCloseDisplay(Handle);

    [UnmanagedCallersOnly]
    private static int OnError(nint display, XErrorEvent* error)
    {
        s_lastErrorCode = error->ErrorCode;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int OnIOError(nint display) => 0;

    // Returning (libX11 >= 1.8.4) makes the failing call return instead of exiting the test host.
    [UnmanagedCallersOnly]
    private static void OnIOErrorExit(nint display, nint userData)
    {
    }
}
