using GuiVirt.GuiDaemon.Config;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;
using SkiaSharp;

namespace GuiVirt.GuiDaemon.Notices;

/// <summary>
/// The X-ray view (Genode nitpicker's X-ray mode): while its hotkey is held, every qube window is
/// covered by a daemon window of the same size, filled with its qube's label colour and showing
/// the qube's name, so the user sees at once which qube owns each part of the screen, whatever
/// the qubes draw. The overlays are the daemon's own override-redirect windows: no qube can draw
/// on them, move them or stack over them (they are raised again after any qube window went up).
/// </summary>
internal sealed class XRay : IDisposable
{
    private const int TagWidth = 320, TagHeight = 36, TagMargin = 4;

    private readonly XDisplay _host;
    private readonly Dictionary<string, NameTag> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<XWindow, (NameTag Tag, XRect Bounds)> _overlays = [];

    /// <summary>The overlay over each qube host window, in stacking order (the first is the lowest).</summary>
    private readonly List<(XWindow QubeWindow, XWindow Overlay)> _stack = [];

    /// <summary>
    /// An unmapped window of the daemon's, kept just under the overlays while the view is shown:
    /// the ceiling for qube windows even when no overlay is there (a qube window that was unmapped
    /// lost its overlay; mapped again, it goes below the floor, never over the view, until the
    /// turn's end covers it again). Stacking counts unmapped windows too.
    /// </summary>
    private XWindow _floor;

    public XRay(XDisplay host) => _host = host;

    /// <summary>True while the hotkey is held.</summary>
    public bool Shown { get; private set; }

    /// <summary>How many qube windows are covered now (for the log and tests).</summary>
    public int Count => _overlays.Count;

    /// <summary>What qube windows go below while the view is shown (the floor under the overlays), or None.</summary>
    public XWindow Lowest => Shown ? _floor : XWindow.None;

    /// <summary>
    /// Covers each of <paramref name="windows"/> (a qube's host window and its root bounds, frame
    /// included) with its qube's colour and name, and raises every overlay over the qube windows
    /// again. An overlay that still fits its window stays (no flicker while the key is held); the
    /// others are made anew or removed.
    /// </summary>
    public void Show(IEnumerable<(QubeConfig Qube, XWindow Window, XRect Bounds)> windows)
    {
        Shown = true;
        var wanted = windows.ToDictionary(w => w.Window);
        var kept = new List<(XWindow QubeWindow, XWindow Overlay)>();
        foreach ((XWindow qubeWindow, XWindow overlay) in _stack)
        {
            if (wanted.Remove(qubeWindow, out var window) && _overlays[overlay].Bounds == window.Bounds && _overlays[overlay].Tag == TagOf(window.Qube))
            {
                kept.Add((qubeWindow, overlay));
            }
            else
            {
                _host.Destroy(overlay);
                _overlays.Remove(overlay);
            }
        }

        _stack.Clear();
        _stack.AddRange(kept);
        if (_floor.IsNone)
        {
            _floor = _host.CreateWindow(_host.Root, new XRect(0, 0, 1, 1), overrideRedirect: true); // never mapped
        }

        _host.Raise(_floor);
        foreach ((QubeConfig qube, XWindow qubeWindow, XRect bounds) in wanted.Values)
        {
            XWindow overlay = _host.CreateWindow(_host.Root, bounds with { Width = Math.Max(1, bounds.Width), Height = Math.Max(1, bounds.Height) }, qube.Label.Color, overrideRedirect: true);
            _host.SelectInput(overlay, EventMask.Exposure);
            _host.SetBytes(overlay, _host.Atom("_NET_WM_NAME"), _host.Atom("UTF8_STRING"), System.Text.Encoding.UTF8.GetBytes($"GuiVirt X-ray {qube.Name}"));
            _overlays[overlay] = (TagOf(qube), bounds);
            _stack.Add((qubeWindow, overlay));
            _host.Map(overlay);
        }

        foreach ((_, XWindow overlay) in _stack)
        {
            _host.Raise(overlay); // in order: the first stays the lowest
        }
    }

    /// <summary>The hotkey was released: every overlay goes.</summary>
    public void Hide()
    {
        RemoveOverlays();
        Shown = false;
    }

    /// <summary>True for one of the overlay windows (their events come back here).</summary>
    public bool Owns(XWindow window) => _overlays.ContainsKey(window);

    /// <summary>Expose: the server filled the label colour itself; the name is put again from its buffer.</summary>
    public void OnEvent(XWindow overlay, in XEventData e)
    {
        if (e.Kind == XEventKind.Expose && _overlays.TryGetValue(overlay, out var shown))
        {
            int width = Math.Min(TagWidth, shown.Bounds.Width - TagMargin), height = Math.Min(TagHeight, shown.Bounds.Height - TagMargin);
            if (width > 0 && height > 0)
            {
                _host.PutShmImage(overlay, shown.Tag.Image, new XRect(0, 0, width, height), TagMargin, TagMargin);
            }
        }
    }

    public void Dispose()
    {
        RemoveOverlays();
        foreach (NameTag tag in _tags.Values)
        {
            tag.Dispose(_host);
        }

        _tags.Clear();
    }

    private void RemoveOverlays()
    {
        if (!_host.IsConnectionLost && !_floor.IsNone)
        {
            _host.Destroy(_floor);
        }

        _floor = XWindow.None;
        if (!_host.IsConnectionLost)
        {
            foreach (XWindow overlay in _overlays.Keys)
            {
                _host.Destroy(overlay);
            }
        }

        _overlays.Clear();
        _stack.Clear();
    }

    /// <summary>One drawn name per qube, made the first time it is needed (configured qubes only: bounded).</summary>
    private NameTag TagOf(QubeConfig qube)
    {
        if (!_tags.TryGetValue(qube.Name, out NameTag? tag))
        {
            tag = new NameTag(_host, qube);
            _tags[qube.Name] = tag;
        }

        return tag;
    }

    /// <summary>The qube's name drawn by the host (SkiaSharp into shared memory the host X server reads), on its label colour.</summary>
    private sealed class NameTag
    {
        private readonly IAgentGrant _pixels;
        private readonly ShmSegment _segment;

        public NameTag(XDisplay host, QubeConfig qube)
        {
            _pixels = new MemfdGrantAllocator().Allocate((long)TagWidth * TagHeight * 4);
            _segment = host.AttachShm(_pixels.ShareHandle, readOnly: true);
            Image = host.CreateShmImage(_segment, _pixels.Address, TagWidth, TagHeight, TagWidth * 4);
            using SKSurface surface = SKSurface.Create(new SKImageInfo(TagWidth, TagHeight, SKColorType.Bgra8888, SKAlphaType.Premul), _pixels.Address, TagWidth * 4)
                ?? throw new InvalidOperationException("SkiaSharp could not draw into the X-ray buffer");
            uint color = qube.Label.Color;
            byte r = (byte)((color >> 16) & 0xFF), g = (byte)((color >> 8) & 0xFF), b = (byte)(color & 0xFF);
            surface.Canvas.Clear(new SKColor(r, g, b));
            bool light = (299 * r) + (587 * g) + (114 * b) > 140_000; // dark ink on yellow, light ink on blue
            using var font = new SKFont(SKTypeface.Default, 22);
            using var ink = new SKPaint { Color = light ? SKColors.Black : SKColors.White, IsAntialias = true };
            surface.Canvas.DrawText(qube.Name, 6, 26, SKTextAlign.Left, font, ink);
            surface.Flush();
        }

        public XShmImage Image { get; }

        public void Dispose(XDisplay host)
        {
            Image.Dispose();
            if (!host.IsConnectionLost)
            {
                host.DetachShm(_segment);
            }

            _pixels.Dispose();
        }
    }
}
