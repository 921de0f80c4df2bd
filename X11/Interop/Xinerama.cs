using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>Xinerama: the heads of a multi-head server whose RandR lists fewer monitors (Xephyr, older servers, some drivers).</summary>
internal static unsafe partial class Xinerama
{
    [LibraryImport(Libraries.Xinerama)] public static partial int XineramaQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xinerama)] public static partial int XineramaIsActive(nint display);
    [LibraryImport(Libraries.Xinerama)] public static partial XineramaScreenInfo* XineramaQueryScreens(nint display, out int count);
}

/// <summary>Xlib's XineramaScreenInfo (Xinerama.h); freed with XFree.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XineramaScreenInfo
{
    public int ScreenNumber;
    public short X;
    public short Y;
    public short Width;
    public short Height;
}
