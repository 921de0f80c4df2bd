using System.Runtime.InteropServices;

namespace GuiVirt.X11.Interop;

/// <summary>
/// RENDER (libXrender): pictures over drawables and composites through a transform, so the host X
/// server scales a qube's pixels (upscale) and the daemon never reads one.
/// </summary>
internal static unsafe partial class Render
{
    /// <summary>PictOpSrc: the destination takes the source's pixels (no blending).</summary>
    public const int OpSrc = 1;

    /// <summary>XFixed: 16.16 fixed point, 1.0 is 65536.</summary>
    public const int FixedOne = 1 << 16;

    /// <summary>The filter that takes each destination pixel from exactly one source pixel: a qube pixel becomes a sharp block.</summary>
    public const string FilterNearest = "nearest";

    [LibraryImport(Libraries.Xrender)] public static partial int XRenderQueryExtension(nint display, out int eventBase, out int errorBase);
    [LibraryImport(Libraries.Xrender)] public static partial nint XRenderFindVisualFormat(nint display, nint visual);
    [LibraryImport(Libraries.Xrender)] public static partial nuint XRenderCreatePicture(nint display, nuint drawable, nint format, nuint valueMask, nint attributes);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderFreePicture(nint display, nuint picture);
    [LibraryImport(Libraries.Xrender)] public static partial void XRenderSetPictureTransform(nint display, nuint picture, XTransform* transform);
    [LibraryImport(Libraries.Xrender, StringMarshalling = StringMarshalling.Utf8)] public static partial void XRenderSetPictureFilter(nint display, nuint picture, string filter, int* parameters, int count);
    [LibraryImport(Libraries.Xrender)]
    public static partial void XRenderComposite(nint display, int op, nuint source, nuint mask, nuint destination, int sourceX, int sourceY, int maskX, int maskY, int destinationX, int destinationY, uint width, uint height);
}

/// <summary>XTransform: a 3x3 matrix of XFixed, rows first (M01 is row 0, column 1); it maps destination coordinates to source ones.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct XTransform
{
    public int M00, M01, M02;
    public int M10, M11, M12;
    public int M20, M21, M22;
}
