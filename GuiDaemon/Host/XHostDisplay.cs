using System.Runtime.InteropServices;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>The real host display behind <see cref="IHostDisplay"/>: every call goes straight to <see cref="XDisplay"/>.</summary>
internal sealed class XHostDisplay(XDisplay display) : IHostDisplay
{
    /// <summary>How long what the window manager supports is taken as known: a window manager may start or exit at any time.</summary>
    private const long SupportedCacheMilliseconds = 1000;

    private HashSet<XAtom> _supported = [];
    private bool _managerRuns;
    private XRect[] _monitors = [];
    private long? _monitorsReadAt;
    private (int Width, int Height) _monitorsScreen;
    private long? _supportedReadAt;

    public int Width => display.Width;

    public int Height => display.Height;

    public bool IsConnectionLost => display.IsConnectionLost;

    public XWindow Root => display.Root;

    public XAtom Atom(string name) => display.Atom(name);

    /// <summary>Read at most once a second (a round trip), as what the window manager supports: monitors change rarely.</summary>
    public XRect[] Monitors()
    {
        long now = Environment.TickCount64;
        if (_monitorsReadAt is not long readAt || now - readAt > SupportedCacheMilliseconds || _monitorsScreen != (display.Width, display.Height))
        {
            _monitors = [.. display.Monitors()];
            _monitorsReadAt = now;
            _monitorsScreen = (display.Width, display.Height); // a new screen size: read again at once
        }

        return _monitors;
    }

    /// <summary>Two round trips: only at connect and when the screen changed.</summary>
    public XRect[] DesktopMonitors() => [.. display.DesktopMonitors()];

    public void MonitorsChanged() => _monitorsReadAt = null;

    public XWindow CreateTopLevel(XRect bounds, bool overrideRedirect, EventMask events) => display.CreateTopLevel(bounds, overrideRedirect, events);

    public bool SupportsTranslucency => display.SupportsTranslucency;

    public XWindow CreateArgbTopLevel(XRect bounds, bool overrideRedirect, EventMask events, uint backdrop) => display.CreateArgbTopLevel(bounds, overrideRedirect, events, backdrop);

    public void Destroy(XWindow window) => display.Destroy(window);

    public void Map(XWindow window) => display.Map(window);

    public void Unmap(XWindow window) => display.Unmap(window);

    public void Raise(XWindow window) => display.Raise(window);

    public void StackBelow(XWindow window, XWindow sibling) => display.StackBelow(window, sibling);

    public void MoveResize(XWindow window, XRect bounds) => display.MoveResize(window, bounds);

    public void SetOverrideRedirect(XWindow window, bool overrideRedirect) => display.SetOverrideRedirect(window, overrideRedirect);

    public void SetProtocols(XWindow window, params XAtom[] protocols) => display.SetProtocols(window, protocols);

    public void SetBytes(XWindow window, XAtom property, XAtom type, ReadOnlySpan<byte> bytes) => display.SetBytes(window, property, type, bytes);

    public void SetLongs(XWindow window, XAtom property, XAtom type, ReadOnlySpan<nint> values) => display.SetLongs(window, property, type, values);

    public void SetSizeHints(XWindow window, in XSizeHintsData hints) => display.SetSizeHints(window, hints);

    public void DefineFontCursor(XWindow window, int? glyph) => display.DefineFontCursor(window, glyph);

    public void SendClientMessageToRoot(XWindow window, XAtom type, nint data0, nint data1, nint data2) => display.SendClientMessageToRoot(window, type, data0, data1, data2);

    public void QueryKeymap(Span<byte> keys) => display.QueryKeymap(keys);

    public void BeginWindowMove(XWindow window, int rootX, int rootY, uint button, nuint time) => display.BeginWindowMove(window, rootX, rootY, button, time);

    public (int X, int Y)? RootPosition(XWindow window) => display.RootPosition(window);

    /// <summary>Read at most once a second (three round trips), so a qube asking for states over and over costs no round trips.</summary>
    public bool WindowManagerSupports(XAtom hint)
    {
        RefreshSupported();
        return _supported.Contains(hint);
    }

    /// <summary>Read at most once a second, as <see cref="WindowManagerSupports"/>.</summary>
    public bool WindowManagerRuns
    {
        get
        {
            RefreshSupported();
            return _managerRuns;
        }
    }

    public void SetFocus(XWindow window, nuint time) => display.SetFocus(window, time);

    private void RefreshSupported()
    {
        long now = Environment.TickCount64;
        if (_supportedReadAt is not long readAt || now - readAt > SupportedCacheMilliseconds)
        {
            _supported = ReadSupported();
            _supportedReadAt = now;
        }
    }

    public void FillRectangle(XWindow window, uint color, XRect area) => display.FillRectangle(window, color, area);

    public XWindow GetSelectionOwner(XAtom selection) => display.GetSelectionOwner(selection);

    public void SendClientMessageTo(XWindow destination, XWindow about, XAtom type, nint data0, nint data1, nint data2) =>
        display.SendClientMessageTo(destination, about, type, data0, data1, data2);

    public void PutImage(XWindow window, ReadOnlySpan<uint> pixels, int width, int height) => display.PutImage(window, pixels, width, height);

    public ShmSegment AttachShm(SafeHandle fd, bool readOnly) => display.AttachShm(fd, readOnly);

    public void DetachShm(ShmSegment segment) => display.DetachShm(segment);

    public IHostImage CreateShmImage(ShmSegment segment, nint address, int width, int height, int stride) =>
        new Image(display.CreateShmImage(segment, address, width, height, stride));

    public IHostImage CreateArgbImage(ShmSegment segment, nint address, int width, int height, int stride, uint backdrop) =>
        new ArgbImage(display.CreateArgbImage(segment, address, width, height, stride), backdrop);

    // Only images made just above come back here: one of the two kinds.
    public void PutShmImage(XWindow window, IHostImage image, XRect source, int x, int y)
    {
        if (image is ArgbImage argb)
        {
            display.CompositeOver(window, argb.Argb, source, x, y, argb.Backdrop);
        }
        else
        {
            display.PutShmImage(window, ((Image)image).Shm, source, x, y);
        }
    }

    public IHostScaler CreateScaler(XWindow window, int width, int height, int factor) => new Scaler(display, display.CreateScaledSurface(window, width, height, factor));

    // Only scalers and images made above come back here: the casts cannot fail.
    public void PutScaled(IHostScaler scaler, IHostImage image, XRect source, int x, int y) => display.PutScaled(((Scaler)scaler).Surface, ((Image)image).Shm, source, x, y);

    /// <summary>
    /// EWMH: a running window manager's check window names itself; the root's property alone may
    /// be left over from one that exited, and then nothing handles the hints it listed.
    /// </summary>
    private HashSet<XAtom> ReadSupported()
    {
        XAtom check = display.Atom("_NET_SUPPORTING_WM_CHECK");
        _managerRuns = display.GetLongs(display.Root, check) is [long manager] && display.GetLongs(new XWindow((nuint)manager), check) is [long self] && self == manager;
        if (!_managerRuns)
        {
            return [];
        }

        return [.. display.GetAtoms(display.Root, display.Atom("_NET_SUPPORTED"))];
    }

    private sealed class ArgbImage(XArgbImage argb, uint backdrop) : IHostImage
    {
        public XArgbImage Argb { get; } = argb;

        public uint Backdrop { get; } = backdrop;

        public void Dispose() => Argb.Dispose();
    }

    private sealed class Scaler(XDisplay display, XScaledSurface surface) : IHostScaler
    {
        public XScaledSurface Surface { get; } = surface;

        public void Dispose()
        {
            if (!display.IsConnectionLost)
            {
                display.FreeScaledSurface(Surface);
            }
        }
    }

    private sealed class Image(XShmImage shm) : IHostImage
    {
        public XShmImage Shm { get; } = shm;

        public void Dispose() => Shm.Dispose();
    }
}
