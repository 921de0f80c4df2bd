using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// Scaled showing (a qube's <c>upscale</c>): the host X server puts a grant's pixels into a pixmap
/// and composites them onto the window through a scale transform (RENDER), so every pixel is read
/// and written by the server, none by this process.
/// </summary>
public sealed unsafe partial class XDisplay
{
    private bool? _hasRender;

    /// <summary>True when the server has RENDER (every X.Org server since 2000 has; asked once).</summary>
    public bool HasRender => _hasRender ??= Render.XRenderQueryExtension(Raw, out _, out _) != 0;

    /// <summary>
    /// A surface to show a <paramref name="width"/>x<paramref name="height"/> grant in
    /// <paramref name="window"/> at <paramref name="factor"/> times its size. <see cref="XException"/>
    /// when the server refuses (no RENDER, no memory for the pixmap).
    /// </summary>
    public XScaledSurface CreateScaledSurface(XWindow window, int width, int height, int factor)
    {
        if (!HasRender)
        {
            throw new XException("the host X server has no RENDER extension: windows cannot be upscaled");
        }

        nint format = Render.XRenderFindVisualFormat(Raw, Xlib.XDefaultVisual(Raw, Screen));
        if (format == 0)
        {
            throw new XException("RENDER has no picture format for the screen's visual");
        }

        using ErrorTrap trap = TrapErrors();
        var pixmap = new XPixmap(Xlib.XCreatePixmap(Raw, window.Id, (uint)width, (uint)height, (uint)Depth));
        nuint source = Render.XRenderCreatePicture(Raw, pixmap.Id, format, 0, null);
        nuint destination = Render.XRenderCreatePicture(Raw, window.Id, format, 0, null);
        // The transform maps a window pixel to the pixmap: (x, y) reads (x / factor, y / factor).
        var transform = new XTransform { M00 = Render.FixedOne / factor, M11 = Render.FixedOne / factor, M22 = Render.FixedOne };
        Render.XRenderSetPictureTransform(Raw, source, &transform);
        // Nearest, not "good" (bilinear): each qube pixel becomes an exact factor x factor block,
        // as crisp as the app drew it, and nothing of a neighbour (or of the pixmap's edge) bleeds in.
        Render.XRenderSetPictureFilter(Raw, source, Render.FilterNearest, null, 0);
        var surface = new XScaledSurface(pixmap, source, destination, factor);
        if (trap.Failed())
        {
            FreeScaledSurface(surface);
            throw new XException($"the host X server refused a {width}x{height} scaled surface (error {trap.ErrorCode})");
        }

        return surface;
    }

    /// <summary>Frees what <see cref="CreateScaledSurface"/> made; before its window is destroyed.</summary>
    public void FreeScaledSurface(XScaledSurface surface)
    {
        using ErrorTrap trap = TrapErrors(); // parts of a surface whose making failed do not exist
        Render.XRenderFreePicture(Raw, surface.Destination);
        Render.XRenderFreePicture(Raw, surface.Source);
        _ = Xlib.XFreePixmap(Raw, surface.Pixmap.Id);
        _ = trap.Failed();
    }

    /// <summary>
    /// Puts <paramref name="source"/> of the image into the surface's pixmap at the same place, then
    /// composites it onto the window at (<paramref name="x"/>, <paramref name="y"/>),
    /// <see cref="XScaledSurface.Factor"/> times as wide and high. The caller has clipped it.
    /// </summary>
    public void PutScaled(XScaledSurface surface, XShmImage image, XRect source, int x, int y)
    {
        _ = Shm.XShmPutImage(Raw, surface.Pixmap.Id, DrawGc, image.Image, source.X, source.Y, source.X, source.Y, (uint)source.Width, (uint)source.Height, 0);
        int f = surface.Factor;
        Render.XRenderComposite(Raw, Render.OpSrc, surface.Source, 0, surface.Destination, source.X * f, source.Y * f, 0, 0, x, y, (uint)(source.Width * f), (uint)(source.Height * f));
    }
}
