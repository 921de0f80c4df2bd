using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>MIT-SHM through libXext (images) and xcb (attaching a descriptor, which Debian 12's libXext lacks).</summary>
internal static unsafe partial class Shm
{
    [LibraryImport(Libraries.Xext)] public static partial int XShmQueryVersion(nint display, int* major, int* minor, int* sharedPixmaps);
    [LibraryImport(Libraries.Xext)] public static partial XImage* XShmCreateImage(nint display, nint visual, uint depth, int format, byte* data, XShmSegmentInfo* info, uint width, uint height);
    [LibraryImport(Libraries.Xext)] public static partial int XShmPutImage(nint display, nuint drawable, nint gc, XImage* image, int srcX, int srcY, int destX, int destY, uint width, uint height, int sendEvent);

    [LibraryImport(Libraries.X11Xcb)] public static partial nint XGetXCBConnection(nint display);
    [LibraryImport(Libraries.Xcb)] public static partial uint xcb_generate_id(nint connection);
    [LibraryImport(Libraries.Xcb)] public static partial XcbGenericError* xcb_request_check(nint connection, uint cookie);
    [LibraryImport(Libraries.XcbShm)] public static partial uint xcb_shm_attach_fd_checked(nint connection, uint segment, int fd, byte readOnly);
    [LibraryImport(Libraries.XcbShm)] public static partial uint xcb_shm_detach_checked(nint connection, uint segment);
    [LibraryImport(Libraries.XcbShm)] public static partial uint xcb_shm_create_pixmap_checked(nint connection, uint pixmap, uint drawable, ushort width, ushort height, byte depth, uint segment, uint offset);
    [LibraryImport(Libraries.LibC)] public static partial void free(void* pointer);
    [LibraryImport(Libraries.LibC, SetLastError = true)] public static partial int fcntl(int fd, int command, int argument);

    /// <summary>F_DUPFD_CLOEXEC: a duplicate that no child process inherits.</summary>
    public const int DuplicateCloseOnExec = 1030;
}

/// <summary>Composite: off-screen redirection of the qube's windows.</summary>
internal static partial class Composite
{
    public const int RedirectManual = 1;

    [LibraryImport(Libraries.Xcomposite)] public static partial int XCompositeQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xcomposite)] public static partial void XCompositeRedirectSubwindows(nint display, nuint window, int update);
}

/// <summary>Damage: which rectangles of a window changed.</summary>
internal static unsafe partial class Damage
{
    public const int ReportRawRectangles = 0;

    [LibraryImport(Libraries.Xdamage)] public static partial int XDamageQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xdamage)] public static partial nuint XDamageCreate(nint display, nuint drawable, int level);
}

/// <summary>XFixes: cursor change notification.</summary>
internal static unsafe partial class Fixes
{
    public const int DisplayCursorNotifyMask = 1;

    /// <summary>XFixesCursorNotify: the event's code above the extension's event base.</summary>
    public const int CursorNotify = 1;

    [LibraryImport(Libraries.Xfixes)] public static partial int XFixesQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xfixes)] public static partial int XFixesQueryVersion(nint display, out int major, out int minor);
    [LibraryImport(Libraries.Xfixes)] public static partial void XFixesSelectCursorInput(nint display, nuint window, nuint eventMask);
}

/// <summary>XTEST: injecting input into the qube's X server.</summary>
internal static partial class Test
{
    [LibraryImport(Libraries.Xtst)] public static partial int XTestQueryExtension(nint display, out int eventBase, out int errorBase, out int major, out int minor);
    [LibraryImport(Libraries.Xtst)] public static partial int XTestFakeKeyEvent(nint display, uint keycode, int isPress, nuint delay);
    [LibraryImport(Libraries.Xtst)] public static partial int XTestFakeButtonEvent(nint display, uint button, int isPress, nuint delay);
    [LibraryImport(Libraries.Xtst)] public static partial int XTestFakeMotionEvent(nint display, int screen, int x, int y, nuint delay);
}

/// <summary>RandR 1.5 monitors: where each physical (or user-defined) monitor is on the root.</summary>
internal static unsafe partial class Randr
{
    [LibraryImport(Libraries.Xrandr)] public static partial int XRRQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xrandr)] public static partial XRRMonitorInfo* XRRGetMonitors(nint display, nuint window, int getActive, int* count);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRFreeMonitors(XRRMonitorInfo* monitors);
}

/// <summary>Xlib's XRRMonitorInfo (Xrandr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XRRMonitorInfo
{
    public nuint Name;
    public int Primary;
    public int Automatic;
    public int OutputCount;
    public int X;
    public int Y;
    public int Width;
    public int Height;
    public int WidthMm;
    public int HeightMm;
    public nint Outputs;
}
