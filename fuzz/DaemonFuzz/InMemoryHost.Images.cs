using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Host;
using GuiVirt.X11;

namespace GuiVirt.DaemonFuzz;

/// <summary>The pixel half of <see cref="InMemoryHost"/>: the frame, grants attached as shared memory, images and scaled puts, each checked against its window.</summary>
internal sealed partial class InMemoryHost
{
    public void PutImage(XWindow window, ReadOnlySpan<uint> pixels, int width, int height)
    {
        Window shown = Live(window);
        if (pixels.Length != width * height || width > shown.Bounds.Width || height > shown.Bounds.Height)
        {
            throw new InvariantException($"a {width}x{height} image of {pixels.Length} pixels was put on a {shown.Bounds.Width}x{shown.Bounds.Height} window");
        }
    }

    public void FillRectangle(XWindow window, uint color, XRect area)
    {
        Window shown = Live(window);
        if (color != qube.Label.Color)
        {
            throw new InvariantException($"the frame was drawn in #{color:x6}, not the label's colour");
        }

        CheckInside(area, new XRect(0, 0, shown.Bounds.Width, shown.Bounds.Height), "a frame rectangle");
    }

    public ShmSegment AttachShm(SafeHandle fd, bool readOnly)
    {
        if (!readOnly)
        {
            throw new InvariantException("a grant was attached writable to the host server");
        }

        // Refusing, the server fails every other attach, and the image over every other segment.
        if (refuseGrants && ++_grantAttempts % 2 == 1)
        {
            throw new XException("the host server refuses to attach the grant (as the harness asked)");
        }

        var segment = new ShmSegment(_nextSegment++);
        _segments.Add(segment);
        return segment;
    }

    public void DetachShm(ShmSegment segment)
    {
        if (_images.Any(image => image.Segment == segment && !image.Disposed))
        {
            throw new InvariantException("a segment was detached while an image over it was alive");
        }

        if (!_segments.Remove(segment))
        {
            throw new InvariantException("a segment was detached twice or never attached");
        }
    }

    public IHostImage CreateShmImage(ShmSegment segment, nint address, int width, int height, int stride)
    {
        if (!_segments.Contains(segment))
        {
            throw new InvariantException("an image was made over a segment that is not attached");
        }

        // The server reads rows of width pixels, stride bytes apart: all inside the grant's mapping.
        if (width < 1 || height < 1 || stride < (long)width * 4 || !grants.IsMapped(address, ((long)stride * (height - 1)) + ((long)width * 4)))
        {
            throw new InvariantException($"an image of {width}x{height} (stride {stride}) reaches outside its grant");
        }

        if (refuseGrants)
        {
            throw new XException("the host server cannot make the image (as the harness asked)");
        }

        var image = new Image(segment, width, height);
        _images.Add(image);
        return image;
    }

    public IHostImage CreateArgbImage(ShmSegment segment, nint address, int width, int height, int stride, uint backdrop)
    {
        CheckBackdrop(backdrop);
        var image = (Image)CreateShmImage(segment, address, width, height, stride);
        image.Argb = true;
        return image;
    }

    public void PutShmImage(XWindow window, IHostImage image, XRect source, int x, int y)
    {
        Window shown = Live(window);
        var put = (Image)image;
        if (put.Argb != shown.Argb)
        {
            throw new InvariantException(put.Argb ? "an ARGB image was put on an opaque window" : "an opaque image was put on an ARGB window (its pixels would be alpha 0)");
        }

        if (put.Disposed || !_segments.Contains(put.Segment))
        {
            throw new InvariantException("pixels were put from a released grant");
        }

        CheckInside(source, new XRect(0, 0, put.Width, put.Height), "the source of a put");
        // Security: the qube's pixels land inside the frame, never on it or outside the window.
        XRect interior = new(frame, frame, shown.Bounds.Width - (2 * frame), shown.Bounds.Height - (2 * frame));
        CheckInside(new XRect(x, y, source.Width, source.Height), interior, "a put");
    }

    public IHostScaler CreateScaler(XWindow window, int width, int height, int factor)
    {
        _ = Live(window);
        if (factor is < 2 or > 2 || width < 1 || height < 1)
        {
            throw new InvariantException($"a scaler of {width}x{height} at factor {factor}");
        }

        var scaler = new Scaler(window, width, height, factor);
        _scalers.Add(scaler);
        return scaler;
    }

    public void PutScaled(IHostScaler scaler, IHostImage image, XRect source, int x, int y)
    {
        var scaled = (Scaler)scaler;
        if (scaled.Disposed)
        {
            throw new InvariantException("pixels were put through a freed scaler");
        }

        Window shown = Live(scaled.Window);
        var put = (Image)image;
        if (put.Disposed || !_segments.Contains(put.Segment))
        {
            throw new InvariantException("pixels were put from a released grant");
        }

        CheckInside(source, new XRect(0, 0, Math.Min(put.Width, scaled.Width), Math.Min(put.Height, scaled.Height)), "the source of a scaled put");
        // Security: the scaled pixels land inside the frame too, never on it or outside the window.
        XRect interior = new(frame, frame, shown.Bounds.Width - (2 * frame), shown.Bounds.Height - (2 * frame));
        CheckInside(new XRect(x, y, source.Width * scaled.Factor, source.Height * scaled.Factor), interior, "a scaled put");
    }

    private sealed class Scaler(XWindow window, int width, int height, int factor) : IHostScaler
    {
        public XWindow Window { get; } = window;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public int Factor { get; } = factor;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class Image(ShmSegment segment, int width, int height) : IHostImage
    {
        public ShmSegment Segment { get; } = segment;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public bool Argb { get; set; }

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
