using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Host-side drawing: trusted frames, and qube pixels put from shared memory.</summary>
public sealed unsafe partial class XDisplay
{
    private nint _drawGc;

    /// <summary>Creates a top-level window with the given events selected and no border (frames are drawn inside).</summary>
    public XWindow CreateTopLevel(XRect bounds, bool overrideRedirect, EventMask events)
    {
        XSetWindowAttributes attributes = default;
        attributes.BackgroundPixel = 0;
        attributes.OverrideRedirect = overrideRedirect ? 1 : 0;
        attributes.EventMask = (nint)events;
        const uint CWBackPixel = 1 << 1, CWOverrideRedirect = 1 << 9, CWEventMask = 1 << 11;
        return new XWindow(Xlib.XCreateWindow(
            Raw, Root.Id, bounds.X, bounds.Y, (uint)Math.Max(1, bounds.Width), (uint)Math.Max(1, bounds.Height),
            0, 0 /* CopyFromParent */, 1 /* InputOutput */, 0, CWBackPixel | CWOverrideRedirect | CWEventMask, &attributes));
    }

    /// <summary>Fills a rectangle of a window with a 0xRRGGBB colour, opaque (in an ARGB window too).</summary>
    public void FillRectangle(XWindow window, uint color, XRect area)
    {
        if (area.IsEmpty)
        {
            return;
        }

        // An ARGB window takes a 32-bit GC and the colour opaque (alpha 0xFF): a trusted frame is never translucent.
        (nint gc, nuint pixel) = IsArgb(window) ? (ArgbGc, 0xFF00_0000 | (nuint)(color & 0xFF_FFFF)) : (DrawGc, (nuint)color);
        _ = Xlib.XSetForeground(Raw, gc, pixel);
        _ = Xlib.XFillRectangle(Raw, window.Id, gc, area.X, area.Y, (uint)area.Width, (uint)area.Height);
    }

    /// <summary>
    /// Wraps attached shared memory as an image of <paramref name="width"/>x<paramref name="height"/>
    /// pixels with rows <paramref name="stride"/> bytes apart, in the screen's default visual.
    /// </summary>
    public XShmImage CreateShmImage(ShmSegment segment, nint address, int width, int height, int stride)
    {
        var info = (XShmSegmentInfo*)NativeMemory.AllocZeroed((nuint)sizeof(XShmSegmentInfo));
        info->ShmSeg = segment.Id;
        info->ShmId = -1;
        info->ShmAddr = address;
        info->ReadOnly = 1;
        XImage* image = Shm.XShmCreateImage(Raw, Xlib.XDefaultVisual(Raw, Screen), (uint)Depth, 2 /* ZPixmap */, (byte*)address, info, (uint)width, (uint)height);
        if (image == null)
        {
            NativeMemory.Free(info);
            throw new XException($"XShmCreateImage failed for {width}x{height}");
        }

        image->BytesPerLine = stride; // the grant's rows may be padded
        return new XShmImage(image, info, width, height);
    }

    /// <summary>Puts <paramref name="source"/> of the image at (<paramref name="x"/>, <paramref name="y"/>) of a window; the caller has clipped it.</summary>
    public void PutShmImage(XWindow window, XShmImage image, XRect source, int x, int y) =>
        Shm.XShmPutImage(Raw, window.Id, DrawGc, image.Image, source.X, source.Y, x, y, (uint)source.Width, (uint)source.Height, 0);

    /// <summary>
    /// Puts <paramref name="width"/>x<paramref name="height"/> pixels of 0x00RRGGBB words
    /// (little-endian BGRX, 4 bytes each, rows packed) at the top-left corner of a window, from
    /// memory of the caller's (not shared with anyone: XPutImage copies it into the request).
    /// </summary>
    public void PutImage(XWindow window, ReadOnlySpan<uint> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
        {
            throw new ArgumentException($"{pixels.Length} pixels for a {width}x{height} image", nameof(pixels));
        }

        fixed (uint* data = pixels)
        {
            XImage* image = Xlib.XCreateImage(Raw, Xlib.XDefaultVisual(Raw, Screen), (uint)Depth, 2 /* ZPixmap */, 0, (byte*)data, (uint)width, (uint)height, 32, width * 4);
            if (image == null)
            {
                throw new XException($"XCreateImage failed for {width}x{height}");
            }

            _ = Xlib.XPutImage(Raw, window.Id, DrawGc, image, 0, 0, 0, 0, (uint)width, (uint)height);
            image->Data = null; // XDestroyImage would free the caller's memory: free only the header
            _ = Xlib.XFree(image);
        }
    }

    /// <summary>Sets the window's WM_PROTOCOLS (WM_DELETE_WINDOW: the close button asks us, it does not kill).</summary>
    public void SetProtocols(XWindow window, params XAtom[] protocols) =>
        SetLongs(window, Atom("WM_PROTOCOLS"), XAtom.Atom, protocols.Select(atom => (nint)atom.Id).ToArray());

    private nint DrawGc
    {
        get
        {
            if (_drawGc == 0)
            {
                _drawGc = Xlib.XCreateGC(Raw, Root.Id, 0, 0);
                _ = Xlib.XSetGraphicsExposures(Raw, _drawGc, 0);
            }

            return _drawGc;
        }
    }
}
