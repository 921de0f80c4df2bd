using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// Translucent (ARGB) windows: a 32-bit TrueColor visual with its own colormap, and XRender to
/// composite a grant over a backdrop inside the server. No pixel passes through this process.
/// </summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>Render's standard a8r8g8b8 depth.</summary>
    private const int ArgbDepth = 32;

    private readonly Dictionary<nuint, nuint> _argbPictures = [];
    private nint _argbVisual;
    private nuint _argbColormap;
    private nint _argbFormat;
    private nint _argbGc;
    private bool? _translucency;

    /// <summary>Why <see cref="SupportsTranslucency"/> is false when it is not the server's doing (a missing library), or null.</summary>
    public string? TranslucencyProblem { get; private set; }

    /// <summary>
    /// True when the server has RENDER and a 32-bit TrueColor visual whose Render format has an
    /// alpha channel (Composite adds it); asked once, then remembered.
    /// </summary>
    public bool SupportsTranslucency
    {
        get
        {
            _translucency ??= FindArgbVisual();
            return _translucency.Value;
        }
    }

    private bool FindArgbVisual()
    {
        try
        {
            if (Render.XRenderQueryExtension(Raw, out _, out _) == 0)
            {
                return false;
            }
        }
        catch (DllNotFoundException)
        {
            TranslucencyProblem = $"{Libraries.Xrender} is missing (Debian package libxrender1)";
            return false;
        }

        XVisualInfo info;
        if (Xlib.XMatchVisualInfo(Raw, Screen, ArgbDepth, 4 /* TrueColor */, &info) == 0)
        {
            return false;
        }

        nint format = Render.XRenderFindVisualFormat(Raw, info.Visual);
        if (format == 0)
        {
            return false;
        }

        _argbVisual = info.Visual;
        _argbFormat = format;
        _argbColormap = Xlib.XCreateColormap(Raw, Root.Id, info.Visual, 0 /* AllocNone */);
        return true;
    }

    /// <summary>
    /// A top-level window with the 32-bit ARGB visual (<see cref="SupportsTranslucency"/> must be
    /// true), filled with <paramref name="background"/> (a premultiplied 0xAARRGGBB pixel) until
    /// drawn, no border. Draw on it with <see cref="FillRectangle"/> (opaque) and
    /// <see cref="CompositeOver"/>.
    /// </summary>
    public XWindow CreateArgbTopLevel(XRect bounds, bool overrideRedirect, EventMask events, uint background)
    {
        if (!SupportsTranslucency)
        {
            throw new InvalidOperationException("the X server has no ARGB visual");
        }

        XSetWindowAttributes attributes = default;
        attributes.BackgroundPixel = background;
        attributes.BorderPixel = 0; // a visual other than the parent's needs its own border pixel and colormap, or BadMatch
        attributes.Colormap = _argbColormap;
        attributes.OverrideRedirect = overrideRedirect ? 1 : 0;
        attributes.EventMask = (nint)events;
        const uint CWBackPixel = 1 << 1, CWBorderPixel = 1 << 3, CWOverrideRedirect = 1 << 9, CWEventMask = 1 << 11, CWColormap = 1 << 13;
        var window = new XWindow(Xlib.XCreateWindow(
            Raw, Root.Id, bounds.X, bounds.Y, (uint)Math.Max(1, bounds.Width), (uint)Math.Max(1, bounds.Height),
            0, ArgbDepth, 1 /* InputOutput */, _argbVisual, CWBackPixel | CWBorderPixel | CWOverrideRedirect | CWEventMask | CWColormap, &attributes));
        _argbPictures[window.Id] = Render.XRenderCreatePicture(Raw, window.Id, _argbFormat, 0, null);
        return window;
    }

    /// <summary>True for a window made by <see cref="CreateArgbTopLevel"/> and not destroyed.</summary>
    public bool IsArgb(XWindow window) => _argbPictures.ContainsKey(window.Id);

    /// <summary>
    /// An image over attached memory in the ARGB visual (rows of 4 bytes a pixel: B, G, R, A), with
    /// a 32-bit pixmap of its size in the server where it is composited before it is shown.
    /// </summary>
    public XArgbImage CreateArgbImage(ShmSegment segment, nint address, int width, int height, int stride)
    {
        if (!SupportsTranslucency)
        {
            throw new InvalidOperationException("the X server has no ARGB visual");
        }

        var info = (XShmSegmentInfo*)NativeMemory.AllocZeroed((nuint)sizeof(XShmSegmentInfo));
        info->ShmSeg = segment.Id;
        info->ShmId = -1;
        info->ShmAddr = address;
        info->ReadOnly = 1;
        XImage* image = Shm.XShmCreateImage(Raw, _argbVisual, ArgbDepth, 2 /* ZPixmap */, (byte*)address, info, (uint)width, (uint)height);
        if (image == null)
        {
            NativeMemory.Free(info);
            throw new XException($"XShmCreateImage failed for a {width}x{height} ARGB image");
        }

        image->BytesPerLine = stride; // the grant's rows may be padded
        var shm = new XShmImage(image, info, width, height);
        nuint pixmap = Xlib.XCreatePixmap(Raw, Root.Id, (uint)width, (uint)height, ArgbDepth);
        nuint picture = Render.XRenderCreatePicture(Raw, pixmap, _argbFormat, 0, null);
        return new XArgbImage(this, shm, pixmap, picture);
    }

    /// <summary>
    /// Shows <paramref name="source"/> of the image at (<paramref name="x"/>, <paramref name="y"/>)
    /// of an ARGB window as the image OVER <paramref name="backdrop"/>, all inside the server: the
    /// rectangle is put into the image's pixmap, the backdrop composited under it there
    /// (OverReverse: result = image + backdrop x (1 - image alpha), saturated), and the result
    /// copied to the window. The window never shows the image without its backdrop, not even
    /// between two requests. The result's alpha is at least the backdrop's.
    /// </summary>
    public void CompositeOver(XWindow window, XArgbImage image, XRect source, int x, int y, uint backdrop)
    {
        if (!_argbPictures.TryGetValue(window.Id, out nuint target))
        {
            throw new InvalidOperationException($"window {window} is not an ARGB window");
        }

        _ = Shm.XShmPutImage(Raw, image.Pixmap, ArgbGc, image.Shm.Image, source.X, source.Y, source.X, source.Y, (uint)source.Width, (uint)source.Height, 0);
        XRenderColor color = ToRenderColor(backdrop);
        Render.XRenderFillRectangle(Raw, Render.OpOverReverse, image.Picture, &color, source.X, source.Y, (uint)source.Width, (uint)source.Height);
        Render.XRenderComposite(Raw, Render.OpSrc, image.Picture, 0, target, source.X, source.Y, 0, 0, x, y, (uint)source.Width, (uint)source.Height);
    }

    /// <summary>A premultiplied 0xAARRGGBB pixel as Render's 16-bit colour: each 8-bit value v becomes v x 257, which Render turns back into exactly v.</summary>
    private static XRenderColor ToRenderColor(uint pixel) => new()
    {
        Alpha = (ushort)(((pixel >> 24) & 0xFF) * 257),
        Red = (ushort)(((pixel >> 16) & 0xFF) * 257),
        Green = (ushort)(((pixel >> 8) & 0xFF) * 257),
        Blue = (ushort)((pixel & 0xFF) * 257),
    };

    internal void FreeArgbImage(XArgbImage image)
    {
        if (!IsConnectionLost)
        {
            Render.XRenderFreePicture(Raw, image.Picture);
            _ = Xlib.XFreePixmap(Raw, image.Pixmap);
        }
    }

    /// <summary>Forgets an ARGB window's picture (its window is being destroyed).</summary>
    private void ForgetArgb(XWindow window)
    {
        if (_argbPictures.Remove(window.Id, out nuint picture))
        {
            Render.XRenderFreePicture(Raw, picture);
        }
    }

    private nint ArgbGc
    {
        get
        {
            if (_argbGc == 0)
            {
                // A GC works only on drawables of its own depth: this one on 32-bit ones.
                nuint pixmap = Xlib.XCreatePixmap(Raw, Root.Id, 1, 1, ArgbDepth);
                _argbGc = Xlib.XCreateGC(Raw, pixmap, 0, 0);
                _ = Xlib.XSetGraphicsExposures(Raw, _argbGc, 0);
                _ = Xlib.XFreePixmap(Raw, pixmap);
            }

            return _argbGc;
        }
    }
}
