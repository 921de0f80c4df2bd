using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>
/// RENDER (libXrender): the host X server does the pixel work the daemon must not do. It composites
/// translucent qube windows over their opacity floor (docs/security.md section 23) and scales an
/// upscaled qube's pixels through a transform (section 24); the daemon reads no pixel for either.
/// </summary>
internal static unsafe partial class Render
{
    /// <summary>PictOpSrc: the destination takes the source's pixels (no blending).</summary>
    public const int OpSrc = 1;

    /// <summary>PictOpOverReverse: the source goes under the destination (destination OVER source).</summary>
    public const int OpOverReverse = 4;

    /// <summary>XFixed: 16.16 fixed point, 1.0 is 65536.</summary>
    public const int FixedOne = 1 << 16;

    /// <summary>The filter that takes each destination pixel from exactly one source pixel: a qube pixel becomes a sharp block.</summary>
    public const string FilterNearest = "nearest";

    [LibraryImport(Libraries.Xrender)] public static partial int XRenderQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xrender)] public static partial nint XRenderFindVisualFormat(nint display, nint visual);
    [LibraryImport(Libraries.Xrender)] public static partial nuint XRenderCreatePicture(nint display, nuint drawable, nint format, nuint valueMask, void* attributes);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderFreePicture(nint display, nuint picture);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderFillRectangle(nint display, int op, nuint destination, XRenderColor* color, int x, int y, uint width, uint height);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderSetPictureTransform(nint display, nuint picture, XTransform* transform);
    [LibraryImport(Libraries.Xrender, StringMarshalling = StringMarshalling.Utf8)] public static partial void XRenderSetPictureFilter(nint display, nuint picture, string filter, int* parameters, int count);
    [LibraryImport(Libraries.Xrender)]
    public static partial void XRenderComposite(nint display, int op, nuint source, nuint mask, nuint destination, int sourceX, int sourceY, int maskX, int maskY, int destinationX, int destinationY, uint width, uint height);
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

/// <summary>XTransform: a 3x3 matrix of XFixed, rows first (M01 is row 0, column 1); it maps destination coordinates to source ones.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XTransform
{
    public int M00, M01, M02;
    public int M10, M11, M12;
    public int M20, M21, M22;
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
