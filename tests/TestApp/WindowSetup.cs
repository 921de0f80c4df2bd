using GuiVirt.X11.Interop;

namespace GuiVirt.TestApp;

/// <summary>Creates the pattern window with the properties a window manager (the agent) reads.</summary>
internal static unsafe class WindowSetup
{
    // X event masks (X.h).
    private const nint KeyPressMask = 1 << 0;
    private const nint KeyReleaseMask = 1 << 1;
    private const nint ButtonPressMask = 1 << 2;
    private const nint ButtonReleaseMask = 1 << 3;
    private const nint EnterWindowMask = 1 << 4;
    private const nint LeaveWindowMask = 1 << 5;
    private const nint PointerMotionMask = 1 << 6;
    private const nint ExposureMask = 1 << 15;
    private const nint StructureNotifyMask = 1 << 17;
    private const nint FocusChangeMask = 1 << 21;

    // XCreateWindow value mask bits (X.h).
    private const nuint CWBackPixel = 1 << 1;
    private const nuint CWBorderPixel = 1 << 3;
    private const nuint CWColormap = 1 << 13;
    private const nuint CWOverrideRedirect = 1 << 9;
    private const nuint CWEventMask = 1 << 11;

    // WM_NORMAL_HINTS flags (Xutil.h).
    private const nint USPosition = 1 << 0;
    private const nint USSize = 1 << 1;
    private const nint PPosition = 1 << 2;
    private const nint PSize = 1 << 3;
    private const nint PMinSize = 1 << 4;

    /// <summary>The smallest size the window asks for, in WM_NORMAL_HINTS.</summary>
    public const int MinimumSize = 50;

    public static nuint Create(XConnection x, Options options)
    {
        var attributes = new XSetWindowAttributes
        {
            BackgroundPixel = 0,
            OverrideRedirect = options.OverrideRedirect ? 1 : 0,
            EventMask = KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask | EnterWindowMask
                | LeaveWindowMask | PointerMotionMask | ExposureMask | StructureNotifyMask | FocusChangeMask,
        };
        nuint window;
        if (options.Argb)
        {
            // The ARGB visual (depth 32, added by Composite) needs its own colormap and border pixel, or BadMatch.
            XVisualInfo info;
            if (Xlib.XMatchVisualInfo(x.Handle, x.Screen, 32, 4 /* TrueColor */, &info) == 0)
            {
                throw new InvalidOperationException("the X server has no 32-bit TrueColor (ARGB) visual");
            }

            attributes.BorderPixel = 0;
            attributes.Colormap = Xlib.XCreateColormap(x.Handle, x.Root, info.Visual, 0);
            window = Xlib.XCreateWindow(x.Handle, x.Root, options.X, options.Y, (uint)options.Width, (uint)options.Height,
                0, 32, 1 /* InputOutput */, info.Visual, CWBackPixel | CWBorderPixel | CWOverrideRedirect | CWEventMask | CWColormap, &attributes);
        }
        else
        {
            // CopyFromParent (0) for depth, class and visual: the default visual, which the painter checks.
            window = Xlib.XCreateWindow(x.Handle, x.Root, options.X, options.Y, (uint)options.Width, (uint)options.Height,
                0, 0, 0, 0, CWBackPixel | CWOverrideRedirect | CWEventMask, &attributes);
        }

        nuint utf8 = x.Atom("UTF8_STRING");
        nuint stringType = x.Atom("STRING");
        // WM_NAME is STRING (Latin-1) by ICCCM; _NET_WM_NAME carries the exact UTF-8 title.
        x.SetBytes(window, x.Atom("WM_NAME"), stringType, XConnection.Latin1(options.Title));
        x.SetBytes(window, x.Atom("_NET_WM_NAME"), utf8, XConnection.Utf8(options.Title));
        // WM_CLASS is two NUL-terminated strings: instance, then class.
        byte[] className = XConnection.Latin1(options.Class);
        x.SetBytes(window, x.Atom("WM_CLASS"), stringType, [.. className, 0, .. className, 0]);
        x.SetLongs(window, x.Atom("WM_PROTOCOLS"), x.Atom("ATOM"), [x.Atom("WM_DELETE_WINDOW")]);

        var hints = new XSizeHints
        {
            Flags = PMinSize | (options.GeometryGiven ? USSize : PSize)
                | options.PositionHint switch { "user" => USPosition, "program" => PPosition, _ => 0 },
            X = options.X,
            Y = options.Y,
            Width = options.Width,
            Height = options.Height,
            MinWidth = MinimumSize,
            MinHeight = MinimumSize,
        };
        Xlib.XSetWMNormalHints(x.Handle, window, &hints);

        if (options.IconSizes.Count > 0)
        {
            x.SetLongs(window, x.Atom("_NET_WM_ICON"), x.Atom("CARDINAL"), IconPattern.NetWmIcon(options.IconSizes, options.Seed));
        }

        if (options.TransientFor != 0)
        {
            x.SetLongs(window, x.Atom("WM_TRANSIENT_FOR"), x.Atom("WINDOW"), [options.TransientFor]);
        }

        if (options.WindowType is { } type)
        {
            x.SetLongs(window, x.Atom("_NET_WM_WINDOW_TYPE"), x.Atom("ATOM"), [x.Atom("_NET_WM_WINDOW_TYPE_" + type)]);
        }

        // EWMH: before the first map a client sets its initial states in the property itself.
        nuint[] states = [.. (options.Modal ? [x.Atom("_NET_WM_STATE_MODAL")] : Array.Empty<nuint>()),
            .. (options.SkipTaskbar ? [x.Atom("_NET_WM_STATE_SKIP_TASKBAR")] : Array.Empty<nuint>())];
        if (states.Length > 0)
        {
            x.SetLongs(window, x.Atom("_NET_WM_STATE"), x.Atom("ATOM"), states);
        }

        if (options.CursorName is { } cursorName)
        {
            // What toolkits do: a cursor with a name (Xcursor themes name theirs), so a window
            // manager or the agent can tell its shape without looking at the bitmap.
            nuint cursor = Xlib.XCreateFontCursor(x.Handle, (uint)options.CursorGlyph);
            fixed (byte* name = XConnection.Latin1(cursorName + "\0"))
            {
                NativeMethods.XFixesSetCursorName(x.Handle, cursor, name);
            }

            Xlib.XDefineCursor(x.Handle, window, cursor);
        }

        return window;
    }
}
