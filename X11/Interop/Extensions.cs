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
    [LibraryImport(Libraries.Xrandr)] public static partial int XRRQueryVersion(nint display, out int major, out int minor);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRSelectInput(nint display, nuint window, int mask);
    [LibraryImport(Libraries.Xrandr)] public static partial XRRScreenResources* XRRGetScreenResourcesCurrent(nint display, nuint window);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRFreeScreenResources(XRRScreenResources* resources);
    [LibraryImport(Libraries.Xrandr)] public static partial int XRRGetScreenSizeRange(nint display, nuint window, out int minWidth, out int minHeight, out int maxWidth, out int maxHeight);
    [LibraryImport(Libraries.Xrandr)] public static partial nuint XRRCreateMode(nint display, nuint window, XRRModeInfo* mode);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRAddOutputMode(nint display, nuint output, nuint mode);
    [LibraryImport(Libraries.Xrandr)] public static partial int XRRSetCrtcConfig(nint display, XRRScreenResources* resources, nuint crtc, nuint timestamp, int x, int y, nuint mode, ushort rotation, nuint* outputs, int outputCount);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRSetScreenSize(nint display, nuint window, int width, int height, int widthMm, int heightMm);
    [LibraryImport(Libraries.Xrandr)] public static partial XRRMonitorInfo* XRRAllocateMonitor(nint display, int outputCount);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRSetMonitor(nint display, nuint window, XRRMonitorInfo* monitor);
    [LibraryImport(Libraries.Xrandr)] public static partial void XRRDeleteMonitor(nint display, nuint window, nuint name);

    /// <summary>RRScreenChangeNotifyMask: the screen's size or configuration changed.</summary>
    public const int ScreenChangeNotifyMask = 1;

    /// <summary>RR_Rotate_0.</summary>
    public const ushort Rotate0 = 1;
}

/// <summary>Xlib's XRRScreenResources (Xrandr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct XRRScreenResources
{
    public nuint Timestamp;
    public nuint ConfigTimestamp;
    public int CrtcCount;
    public nuint* Crtcs;
    public int OutputCount;
    public nuint* Outputs;
    public int ModeCount;
    public XRRModeInfo* Modes;
}

/// <summary>Xlib's XRRModeInfo (Xrandr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XRRModeInfo
{
    public nuint Id;
    public uint Width;
    public uint Height;
    public nuint DotClock;
    public uint HSyncStart;
    public uint HSyncEnd;
    public uint HTotal;
    public uint HSkew;
    public uint VSyncStart;
    public uint VSyncEnd;
    public uint VTotal;
    public nint Name;
    public uint NameLength;
    public nuint ModeFlags;
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

/// <summary>Xlib's XRRScreenChangeNotifyEvent (Xrandr.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XRRScreenChangeNotifyEvent
{
    public int Type;
    public nuint Serial;
    public int SendEvent;
    public nint Display;
    public nuint Window;
    public nuint Root;
    public nuint Timestamp;
    public nuint ConfigTimestamp;
    public ushort SizeIndex;
    public ushort SubpixelOrder;
    public ushort Rotation;
    public int Width;
    public int Height;
    public int WidthMm;
    public int HeightMm;
}
