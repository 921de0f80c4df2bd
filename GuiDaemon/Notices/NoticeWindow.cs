using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;
using SkiaSharp;

namespace GuiVirt.GuiDaemon.Notices;

/// <summary>
/// The daemon's own notices (clipboard copied, pasted, denied, ...): a small host window drawn
/// with SkiaSharp into shared memory the host X server reads, in the top-right corner, hidden
/// again after a few seconds. It belongs to the host, never to a qube, so no qube can fake one,
/// and while shown it stays above every qube window: the daemon raises it again after any qube
/// window was mapped or raised, and whenever the server says something covers it (a window
/// manager raising a qube's frame on a click).
/// </summary>
internal sealed class NoticeWindow : IDisposable
{
    private const int Width = 480, Height = 44;
    private static readonly TimeSpan ShownFor = TimeSpan.FromSeconds(4);

    private readonly XDisplay _host;
    private readonly XWindow _window;
    private readonly IAgentGrant _pixels;
    private readonly ShmSegment _segment;
    private readonly XShmImage _image;
    private readonly SKSurface _surface;
    private readonly SKFont _font = new(SKTypeface.Default, 16);
    private DateTime? _hideAt;

    public NoticeWindow(XDisplay host)
    {
        _host = host;
        var bounds = new XRect(host.Width - Width - 16, 16, Width, Height);
        _window = host.CreateTopLevel(bounds, overrideRedirect: true, EventMask.Exposure | EventMask.VisibilityChange);
        _host.SetBytes(_window, host.Atom("_NET_WM_NAME"), host.Atom("UTF8_STRING"), "GuiVirt"u8);
        _pixels = new MemfdGrantAllocator().Allocate((long)Width * Height * 4);
        _segment = host.AttachShm(_pixels.ShareHandle, readOnly: true);
        _image = host.CreateShmImage(_segment, _pixels.Address, Width, Height, Width * 4);
        _surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Premul), _pixels.Address, Width * 4)
            ?? throw new InvalidOperationException("SkiaSharp could not draw into the notice buffer");
    }

    /// <summary>The notice window (its Expose events come back here).</summary>
    public XWindow Window => _window;

    /// <summary>The last text shown, for tests and logs.</summary>
    public string? Text { get; private set; }

    /// <summary>Shows <paramref name="text"/> (green edge for done, orange for refused) for a few seconds.</summary>
    public void Show(string text, bool done)
    {
        Text = text;
        SKCanvas canvas = _surface.Canvas;
        canvas.Clear(new SKColor(0x20, 0x20, 0x20));
        using (var edge = new SKPaint { Color = done ? new SKColor(0x73, 0xD2, 0x16) : new SKColor(0xF5, 0x79, 0x00), Style = SKPaintStyle.Fill })
        {
            canvas.DrawRect(0, 0, 8, Height, edge);
        }

        using (var ink = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.DrawText(text, 20, 28, SKTextAlign.Left, _font, ink);
        }

        _surface.Flush();
        _host.Map(_window);
        _host.Raise(_window);
        Repaint();
        _hideAt = DateTime.UtcNow + ShownFor;
        Log.Info($"notice: {text}");
    }

    /// <summary>True while a notice is on the screen.</summary>
    public bool Shown => _hideAt is not null;

    /// <summary>Raises the notice back to the top while it is shown (after a qube window went up).</summary>
    public void KeepOnTop()
    {
        if (Shown)
        {
            _host.Raise(_window);
        }
    }

    /// <summary>The notice window's own events: Expose repaints; being covered while shown raises it again.</summary>
    public void OnEvent(in XEventData e)
    {
        if (e.Kind == XEventKind.Expose)
        {
            Repaint();
        }
        else if (e.Kind == XEventKind.Visibility && e.Detail != 0)
        {
            KeepOnTop(); // something went over it: only the daemon's own windows may
        }
    }

    /// <summary>Redraws from the buffer (on Expose).</summary>
    public void Repaint() => _host.PutShmImage(_window, _image, new XRect(0, 0, Width, Height), 0, 0);

    /// <summary>Hides the notice once its time is up; called every turn of the loop.</summary>
    public void Tick()
    {
        if (_hideAt is { } at && DateTime.UtcNow > at)
        {
            _hideAt = null;
            _host.Unmap(_window);
        }
    }

    public void Dispose()
    {
        _surface.Dispose();
        _font.Dispose();
        _image.Dispose();
        if (!_host.IsConnectionLost)
        {
            _host.DetachShm(_segment);
            _host.Destroy(_window);
        }

        _pixels.Dispose();
    }
}
