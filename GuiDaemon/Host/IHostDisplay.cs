using System.Runtime.InteropServices;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>
/// The host X display as a qube's session drives it: exactly the operations
/// <see cref="QubeSession"/> needs, with <see cref="XDisplay"/>'s signatures. Production uses
/// <see cref="XHostDisplay"/>, one line per call over the real display; the fuzz harness
/// (fuzz/DaemonFuzz) implements it in memory, so the real session code runs with no X server
/// while a window table checks that it never touches a destroyed window or draws outside one.
/// </summary>
internal interface IHostDisplay
{
    int Width { get; }

    int Height { get; }

    bool IsConnectionLost { get; }

    /// <summary>The root window: a host window whose parent is not the root has been reparented by a window manager.</summary>
    XWindow Root { get; }

    XAtom Atom(string name);

    /// <summary>The monitors in root coordinates (RandR), or the whole root; the screen-cover rule judges each alone.</summary>
    XRect[] Monitors();

    /// <summary>The monitors as the qube's desktop is to have them (SCREEN_CONFIG): RandR 1.5's, or Xinerama's heads when they are more.</summary>
    XRect[] DesktopMonitors();

    /// <summary>The host's screen or monitors may have changed: <see cref="Monitors"/> reads them again.</summary>
    void MonitorsChanged();

    XWindow CreateTopLevel(XRect bounds, bool overrideRedirect, EventMask events);

    /// <summary>True when the host can show translucent windows: RENDER and a 32-bit ARGB visual.</summary>
    bool SupportsTranslucency { get; }

    /// <summary>
    /// A top-level window with the 32-bit ARGB visual, showing <paramref name="backdrop"/> (a
    /// premultiplied 0xAARRGGBB pixel) until drawn. <see cref="FillRectangle"/> on it is opaque.
    /// </summary>
    XWindow CreateArgbTopLevel(XRect bounds, bool overrideRedirect, EventMask events, uint backdrop);

    void Destroy(XWindow window);

    void Map(XWindow window);

    void Unmap(XWindow window);

    void Raise(XWindow window);

    /// <summary>Just below <paramref name="sibling"/>, a child of the root as the window is (the daemon's lowest trusted window).</summary>
    void StackBelow(XWindow window, XWindow sibling);

    void MoveResize(XWindow window, XRect bounds);

    void SetOverrideRedirect(XWindow window, bool overrideRedirect);

    void SetProtocols(XWindow window, params XAtom[] protocols);

    void SetBytes(XWindow window, XAtom property, XAtom type, ReadOnlySpan<byte> bytes);

    void SetLongs(XWindow window, XAtom property, XAtom type, ReadOnlySpan<nint> values);

    void SetSizeHints(XWindow window, in XSizeHintsData hints);

    void DefineFontCursor(XWindow window, int? glyph);

    void SendClientMessageToRoot(XWindow window, XAtom type, nint data0, nint data1, nint data2);

    void QueryKeymap(Span<byte> keys);

    /// <summary>The window manager moves <paramref name="window"/> with the pointer (EWMH _NET_WM_MOVERESIZE), the press's pointer grab released first.</summary>
    void BeginWindowMove(XWindow window, int rootX, int rootY, uint button, nuint time);

    /// <summary>Where the window's top-left corner is on the root (a round trip), or null when it is gone.</summary>
    (int X, int Y)? RootPosition(XWindow window);

    /// <summary>
    /// True while a window manager runs that says (EWMH _NET_SUPPORTED) it handles
    /// <paramref name="hint"/>, such as _NET_WM_STATE_MAXIMIZED_VERT; without one the daemon
    /// does the job itself.
    /// </summary>
    bool WindowManagerSupports(XAtom hint);

    /// <summary>
    /// True while a window manager runs (its EWMH _NET_SUPPORTING_WM_CHECK window names itself);
    /// without one the daemon gives the keyboard focus itself, on a click.
    /// </summary>
    bool WindowManagerRuns { get; }

    /// <summary>Gives the keyboard focus to <paramref name="window"/> as of the server time of the user's click.</summary>
    void SetFocus(XWindow window, nuint time);

    void FillRectangle(XWindow window, uint color, XRect area);

    /// <summary>Attaches a grant's read-only descriptor to the host server; <see cref="XException"/> if it refuses.</summary>
    ShmSegment AttachShm(SafeHandle fd, bool readOnly);

    void DetachShm(ShmSegment segment);

    /// <summary>An image over attached memory; <see cref="XException"/> if the server cannot make it.</summary>
    IHostImage CreateShmImage(ShmSegment segment, nint address, int width, int height, int stride);

    /// <summary>
    /// An ARGB image over attached memory, for ARGB windows only: <see cref="PutShmImage"/> shows
    /// it OVER <paramref name="backdrop"/> (a premultiplied 0xAARRGGBB pixel), composited by the
    /// host server, so every pixel put has at least the backdrop's alpha.
    /// </summary>
    IHostImage CreateArgbImage(ShmSegment segment, nint address, int width, int height, int stride, uint backdrop);

    /// <summary>The owner of a selection (a system tray's _NET_SYSTEM_TRAY_S{screen}), or <see cref="XWindow.None"/>.</summary>
    XWindow GetSelectionOwner(XAtom selection);

    /// <summary>A format-32 ClientMessage to the client that made <paramref name="destination"/> (no event mask), as a system tray's dock request wants.</summary>
    void SendClientMessageTo(XWindow destination, XWindow about, XAtom type, nint data0, nint data1, nint data2);

    /// <summary>Puts the daemon's own width x height 0x00RRGGBB pixels at the window's corner (a tinted tray icon).</summary>
    void PutImage(XWindow window, ReadOnlySpan<uint> pixels, int width, int height);

    /// <summary>Puts <paramref name="source"/> of the image at (<paramref name="x"/>, <paramref name="y"/>) of a window; the caller has clipped it.</summary>
    void PutShmImage(XWindow window, IHostImage image, XRect source, int x, int y);

    /// <summary>
    /// What shows a <paramref name="width"/>x<paramref name="height"/> grant in <paramref name="window"/>
    /// <paramref name="factor"/> times as large, scaled by the host X server (a qube's upscale);
    /// disposed before the window is destroyed. <see cref="XException"/> if the server cannot make it.
    /// </summary>
    IHostScaler CreateScaler(XWindow window, int width, int height, int factor);

    /// <summary>
    /// Puts <paramref name="source"/> of the image into the scaler and shows it at (<paramref name="x"/>,
    /// <paramref name="y"/>) of its window, factor times as wide and high; the caller has clipped it.
    /// </summary>
    void PutScaled(IHostScaler scaler, IHostImage image, XRect source, int x, int y);
}
