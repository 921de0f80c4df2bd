using GuiVirt.GuiDaemon.Host;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;
using SkiaSharp;

namespace GuiVirt.GuiDaemon.Notices;

/// <summary>
/// A qube window's trusted title strip (<c>decorations = "strip"</c>): a bar in the label colour
/// across the top of the host window with "[qube] title", drawn by the daemon with SkiaSharp into
/// its own shared memory and put like a notice. Only the daemon writes this memory: the qube's
/// pixels are put below it and clipped to the interior (QubeSession.Pixels), so no qube pixel can
/// land on the strip, under any window manager or none. The title is the sanitized one
/// (WINDOW_NAME's checks), drawn as text, never interpreted.
/// </summary>
internal sealed class TitleStrip : IDisposable
{
    /// <summary>The strip's height, the top frame edge included.</summary>
    public const int Height = 20;

    private static readonly MemfdGrantAllocator Allocator = new();

    private readonly IHostDisplay _host;
    private readonly SKFont _font = new(SKTypeface.Default, 13);
    private IAgentGrant? _pixels;
    private ShmSegment? _segment;
    private IHostImage? _image;
    private int _width;
    private string? _drawn;

    private readonly uint? _argbBackdrop;

    /// <summary>A strip for an opaque window, or with <paramref name="argbBackdrop"/> for a translucent (ARGB) one: the strip is opaque either way.</summary>
    public TitleStrip(IHostDisplay host, uint? argbBackdrop = null) => (_host, _argbBackdrop) = (host, argbBackdrop);

    /// <summary>The text last drawn, for tests and logs.</summary>
    public string? Text => _drawn;

    /// <summary>
    /// Puts the strip at the top of <paramref name="window"/>, <paramref name="width"/> wide,
    /// drawing it again first when the width or the text changed (a resize, a new title).
    /// </summary>
    public void Put(XWindow window, int width, uint labelColor, string text)
    {
        width = Math.Max(1, width);
        if (width != _width)
        {
            Release();
            _pixels = Allocator.Allocate((long)width * Height * 4);
            _segment = _host.AttachShm(_pixels.ShareHandle, readOnly: true);
            // Drawn opaque (alpha 255 everywhere), so on an ARGB window it covers its backdrop whole.
            _image = _argbBackdrop is { } backdrop
                ? _host.CreateArgbImage(_segment!.Value, _pixels.Address, width, Height, width * 4, backdrop)
                : _host.CreateShmImage(_segment!.Value, _pixels.Address, width, Height, width * 4);
            _width = width;
            _drawn = null;
        }

        if (_drawn != text)
        {
            Draw(labelColor, text);
            _drawn = text;
        }

        _host.PutShmImage(window, _image!, new XRect(0, 0, width, Height), 0, 0);
    }

    public void Dispose()
    {
        Release();
        _font.Dispose();
    }

    private void Draw(uint labelColor, string text)
    {
        using SKSurface surface = SKSurface.Create(new SKImageInfo(_width, Height, SKColorType.Bgra8888, SKAlphaType.Premul), _pixels!.Address, _width * 4)
            ?? throw new InvalidOperationException("SkiaSharp could not draw into the title strip's buffer");
        SKCanvas canvas = surface.Canvas;
        var label = new SKColor((byte)((labelColor >> 16) & 0xFF), (byte)((labelColor >> 8) & 0xFF), (byte)(labelColor & 0xFF));
        canvas.Clear(label);
        // Dark text on light labels (yellow, white), light text on the others: readable on each.
        bool light = (299 * label.Red) + (587 * label.Green) + (114 * label.Blue) > 150_000;
        using (var ink = new SKPaint { Color = light ? SKColors.Black : SKColors.White, IsAntialias = true })
        {
            canvas.Save();
            canvas.ClipRect(new SKRect(0, 0, _width, Height));
            canvas.DrawText(text, 6, 15, SKTextAlign.Left, _font, ink);
            canvas.Restore();
        }

        surface.Flush();
    }

    private void Release()
    {
        _image?.Dispose();
        _image = null;
        if (_segment is { } segment && !_host.IsConnectionLost)
        {
            try
            {
                _host.DetachShm(segment);
            }
            catch (XException e)
            {
                Log.Info($"detaching a title strip: {e.Message}");
            }
        }

        _segment = null;
        _pixels?.Dispose();
        _pixels = null;
        _width = 0;
    }
}
