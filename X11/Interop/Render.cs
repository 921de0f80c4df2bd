using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>
/// libXrender: the host server composites translucent qube windows over their opacity floor
/// (docs/security.md section 23), so the daemon reads no pixel.
/// </summary>
internal static unsafe partial class Render
{
    /// <summary>PictOpSrc: the source replaces the destination.</summary>
    public const int OpSrc = 1;

    /// <summary>PictOpOverReverse: the source goes under the destination (destination OVER source).</summary>
    public const int OpOverReverse = 4;

    [LibraryImport(Libraries.Xrender)] public static partial int XRenderQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xrender)] public static partial nint XRenderFindVisualFormat(nint display, nint visual);
    [LibraryImport(Libraries.Xrender)] public static partial nuint XRenderCreatePicture(nint display, nuint drawable, nint format, nuint valueMask, void* attributes);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderFreePicture(nint display, nuint picture);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderFillRectangle(nint display, int op, nuint destination, XRenderColor* color, int x, int y, uint width, uint height);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderComposite(nint display, int op, nuint source, nuint mask, nuint destination, int sourceX, int sourceY, int maskX, int maskY, int destinationX, int destinationY, uint width, uint height);
}

/// <summary>XRenderColor (Xrender.h): 16 bits a channel, premultiplied by alpha.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XRenderColor
{
    public ushort Red;
    public ushort Green;
    public ushort Blue;
    public ushort Alpha;
}

/// <summary>XVisualInfo (Xutil.h), filled by XMatchVisualInfo.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct XVisualInfo
{
    [FieldOffset(0)] public nint Visual;
    [FieldOffset(8)] public nuint VisualId;
    [FieldOffset(16)] public int Screen;
    [FieldOffset(20)] public int Depth;
    [FieldOffset(24)] public int Class;
    [FieldOffset(32)] public nuint RedMask;
    [FieldOffset(40)] public nuint GreenMask;
    [FieldOffset(48)] public nuint BlueMask;
    [FieldOffset(56)] public int ColormapSize;
    [FieldOffset(60)] public int BitsPerRgb;
}
