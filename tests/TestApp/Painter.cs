using GuiVirt.X11.Interop;

namespace GuiVirt.TestApp;

/// <summary>
/// Draws <see cref="Pattern"/> frames with XPutImage from a managed buffer. The buffer is reused
/// while the size stays the same; this app is a test subject, not a fast path.
/// </summary>
internal sealed unsafe class Painter : IDisposable
{
    private const int ZPixmap = 2;

    private readonly XConnection _x;
    private readonly nuint _window;
    private readonly nint _gc;
    private readonly nint _visual;
    private uint[] _pixels = [];

    /// <summary>Stopwatch.GetTimestamp() just before the last frame's XPutImage was sent (for --timestamps).</summary>
    public long PutTimestamp { get; private set; }

    private readonly bool _argb;

    public Painter(XConnection x, nuint window, bool argb = false)
    {
        _x = x;
        _window = window;
        _argb = argb;
        _gc = Xlib.XCreateGC(x.Handle, window, 0, 0);
        if (argb)
        {
            // 0xAARRGGBB in a little-endian uint is the ARGB visual's layout (BGRA in memory).
            XVisualInfo info;
            _ = Xlib.XMatchVisualInfo(x.Handle, x.Screen, 32, 4 /* TrueColor */, &info);
            _visual = info.Visual;
            return;
        }

        _visual = Xlib.XDefaultVisual(x.Handle, x.Screen);
        // 0x00RRGGBB in a little-endian uint is exactly the 24-bit TrueColor layout (BGRX in memory).
        int depth = Xlib.XDefaultDepth(x.Handle, x.Screen);
        if (depth != 24)
        {
            throw new InvalidOperationException($"the test app draws on depth 24 only, the screen has depth {depth}");
        }
    }

    /// <summary>Draws frame <paramref name="frame"/> over the whole window and waits until the
    /// server has done it, so a "frame N" log line means the pixels are there.</summary>
    public void Draw(int seed, int frame, int width, int height) => Draw(seed, frame, width, height, (0, 0, width, height));

    /// <summary>Draws only <paramref name="area"/> (clipped to the window) of frame <paramref name="frame"/>:
    /// the rest of the window keeps what it showed. Waits for the server like <see cref="Draw(int, int, int, int)"/>.</summary>
    public void Draw(int seed, int frame, int width, int height, (int X, int Y, int Width, int Height) area, bool keepTimestamp = false)
    {
        int count = width * height;
        if (_pixels.Length != count)
        {
            _pixels = new uint[count];
        }
        int left = Math.Min(area.X, width), top = Math.Min(area.Y, height);
        int right = Math.Min(area.X + area.Width, width), bottom = Math.Min(area.Y + area.Height, height);
        if (right <= left || bottom <= top)
        {
            return;
        }
        for (int y = top; y < bottom; y++)
        {
            Span<uint> row = _pixels.AsSpan((y * width) + left, right - left);
            for (int x = left; x < right; x++)
            {
                row[x - left] = _argb ? ArgbPattern.Pixel(seed, frame, x, y) : Pattern.Pixel(seed, frame, x, y);
            }
        }
        fixed (uint* data = _pixels)
        {
            XImage* image = Xlib.XCreateImage(_x.Handle, _visual, _argb ? 32u : 24u, ZPixmap, 0, (byte*)data, (uint)width, (uint)height, 32, width * 4);
            if (image == null)
            {
                throw new InvalidOperationException("XCreateImage failed");
            }
            if (!keepTimestamp)
            {
                PutTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            Xlib.XPutImage(_x.Handle, _window, _gc, image, left, top, left, top, (uint)(right - left), (uint)(bottom - top));
            // XDestroyImage would free the data, which is our managed array: free only the header.
            image->Data = null;
            Xlib.XFree(image);
        }
        Xlib.XSync(_x.Handle, 0);
    }

    /// <summary>
    /// The whole window of --scroll at frame <paramref name="frame"/>: window row y shows text line
    /// frame + y / <paramref name="lineHeight"/> (<see cref="TextPattern"/>), and <paramref name="marker"/> the frame's Pattern.
    /// </summary>
    public void DrawText(int seed, int frame, int width, int height, int lineHeight, (int X, int Y, int Width, int Height) marker)
    {
        EnsureBuffer(width, height);
        FillText(seed, frame, width, 0, height, lineHeight);
        PutTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        Put(width, height, (0, 0, width, height));
        Draw(seed, frame, width, height, marker, keepTimestamp: true);
    }

    /// <summary>
    /// One frame of --scroll: the window's content moves up one line (XCopyArea within the window, as
    /// a terminal scrolls), the new bottom line is drawn, then the marker with the frame's Pattern.
    /// The timestamp is taken before the copy: nothing of the frame can be seen earlier.
    /// </summary>
    public void Scroll(int seed, int frame, int width, int height, int lineHeight, (int X, int Y, int Width, int Height) marker)
    {
        EnsureBuffer(width, height);
        int top = height - lineHeight;
        if (top <= 0)
        {
            DrawText(seed, frame, width, height, lineHeight, marker);
            return;
        }
        PutTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        // The marker goes first, as a terminal's cursor does: the text under it is restored, so what
        // scrolls up is text only (two colours, which the benchmark's exact check relies on).
        int markerTop = Math.Clamp(marker.Y, 0, height), markerBottom = Math.Clamp(marker.Y + marker.Height, 0, height);
        FillText(seed, frame - 1, width, markerTop, markerBottom, lineHeight);
        Put(width, height, (Math.Clamp(marker.X, 0, width), markerTop, Math.Clamp(marker.Width, 0, width - Math.Clamp(marker.X, 0, width)), markerBottom - markerTop));
        FillText(seed, frame, width, top, height, lineHeight);
        Xlib.XCopyArea(_x.Handle, _window, _window, _gc, 0, lineHeight, (uint)width, (uint)top, 0, 0);
        Put(width, height, (0, top, width, lineHeight));
        Draw(seed, frame, width, height, marker, keepTimestamp: true);
    }

    private void EnsureBuffer(int width, int height)
    {
        if (_pixels.Length != width * height)
        {
            _pixels = new uint[width * height];
        }
    }

    /// <summary>Rows <paramref name="fromY"/> up to <paramref name="toY"/> of the buffer: the text of frame <paramref name="frame"/>.</summary>
    private void FillText(int seed, int frame, int width, int fromY, int toY, int lineHeight)
    {
        for (int y = fromY; y < toY; y++)
        {
            Span<uint> row = _pixels.AsSpan(y * width, width);
            int line = frame + (y / lineHeight);
            for (int x = 0; x < width; x++)
            {
                row[x] = TextPattern.Pixel(seed, line, x, y % lineHeight, lineHeight);
            }
        }
    }

    /// <summary>XPutImage of <paramref name="area"/> of the buffer (no sync).</summary>
    private void Put(int width, int height, (int X, int Y, int Width, int Height) area)
    {
        fixed (uint* data = _pixels)
        {
            XImage* image = Xlib.XCreateImage(_x.Handle, _visual, 24, ZPixmap, 0, (byte*)data, (uint)width, (uint)height, 32, width * 4);
            if (image == null)
            {
                throw new InvalidOperationException("XCreateImage failed");
            }
            Xlib.XPutImage(_x.Handle, _window, _gc, image, area.X, area.Y, area.X, area.Y, (uint)area.Width, (uint)area.Height);
            image->Data = null;
            Xlib.XFree(image);
        }
    }

    public void Dispose()
    {
        Xlib.XFreeGC(_x.Handle, _gc);
    }
}
