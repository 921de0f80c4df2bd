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
    public void Draw(int seed, int frame, int width, int height, (int X, int Y, int Width, int Height) area)
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
            PutTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            Xlib.XPutImage(_x.Handle, _window, _gc, image, left, top, left, top, (uint)(right - left), (uint)(bottom - top));
            // XDestroyImage would free the data, which is our managed array: free only the header.
            image->Data = null;
            Xlib.XFree(image);
        }
        Xlib.XSync(_x.Handle, 0);
    }

    public void Dispose()
    {
        Xlib.XFreeGC(_x.Handle, _gc);
    }
}
