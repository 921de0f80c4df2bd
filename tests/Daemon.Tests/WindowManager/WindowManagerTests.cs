using System.Globalization;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.WindowManager;

/// <summary>
/// A qube's windows under a real reparenting window manager on the host, driven as a user drives
/// one: the manager's own moves (xdotool, as a pager does), a drag on its title bar, resizes,
/// maximize and restore (wmctrl, a pager's _NET_WM_STATE request), the app's fullscreen and back,
/// and a dialog. Each case checks both sides: the host window's root bounds wherever the manager's
/// frame is, and the app's own window in the qube's X server, which must agree to the pixel (the
/// frame apart). The same cases run under each manager (one subclass each).
/// </summary>
[Collection(XServerCollection.Name)]
public abstract class WindowManagerTests : IDisposable
{
    private const int ScreenWidth = 1280, ScreenHeight = 800;

    private readonly Desktop _desktop;

    protected WindowManagerTests(string windowManager) => _desktop = new Desktop(windowManager);

    public void Dispose()
    {
        _desktop.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void WindowsStayWhereTheyWerePlaced()
    {
        TestAppProcess placed = _desktop.Start("--geometry", "300x200+100+120", "--title", "placed");
        TestAppProcess free = _desktop.Start("--geometry", "240x160", "--title", "free"); // no position: the manager places it
        (XWindow placedHost, _) = _desktop.HostWindow("[work] placed");
        (XWindow freeHost, _) = _desktop.HostWindow("[work] free");
        XRect placedBounds = _desktop.WaitUntilInStep(placedHost, placed, b => b == new XRect(98, 118, 304, 204), "the placed window at +98+118 on the host");
        XRect freeBounds = _desktop.WaitUntilInStep(freeHost, free, what: "the manager's place for the other window to reach the qube");

        // Five seconds of nothing: no window drifts, on either side (it used to step by the
        // frame's extents on every round trip and end in the bottom-right corner).
        DateTime end = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < end)
        {
            Assert.Equal(placedBounds, _desktop.Screen.RootBounds(placedHost));
            Assert.Equal(Desktop.QubeBoundsOf(placedBounds), _desktop.InQube(placed));
            Assert.Equal(freeBounds, _desktop.Screen.RootBounds(freeHost));
            Assert.Equal(Desktop.QubeBoundsOf(freeBounds), _desktop.InQube(free));
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void MovesByTheWindowManagerAndByADragReachTheQubeExactly()
    {
        TestAppProcess app = _desktop.Start("--geometry", "300x200+100+120", "--title", "moved");
        (XWindow host, _) = _desktop.HostWindow("[work] moved");
        _desktop.WaitUntilInStep(host, app, b => b.X == 98 && b.Y == 118);

        _desktop.OnHost("xdotool", "windowmove", Id(host), "400", "300");
        XRect moved = _desktop.WaitUntilInStep(host, app, b => b.X == 400 && b.Y == 300, "the window moved to +400+300");

        // Drag the manager's title bar (above the window, inside the frame's top extent) by (150, 100).
        int titleHeight = (int)FrameExtents(host).Top;
        int x = moved.X + (moved.Width / 2), y = moved.Y - (titleHeight / 2);
        _desktop.OnHost("xdotool", "mousemove", $"{x}", $"{y}");
        _desktop.OnHost("xdotool", "mousedown", "1");
        for (int step = 1; step <= 5; step++)
        {
            _desktop.OnHost("xdotool", "mousemove", $"{x + (30 * step)}", $"{y + (20 * step)}");
        }

        _desktop.OnHost("xdotool", "mouseup", "1");
        // The manager decides how far (fluxbox keeps its drag threshold, openbox does not): wherever
        // it put the window, the qube has it exactly there.
        XRect dragged = _desktop.WaitUntilInStep(host, app, b => b.X > moved.X + 100 && b.Y > moved.Y + 50, "the dragged window to the right and down");
        Thread.Sleep(1000);
        Assert.Equal(dragged, _desktop.Screen.RootBounds(host));
        Assert.Equal(Desktop.QubeBoundsOf(dragged), _desktop.InQube(app));
    }

    [Fact]
    public void AResizeByTheUserReachesTheApp()
    {
        TestAppProcess app = _desktop.Start("--geometry", "200x100+100+120", "--seed", "3", "--title", "resized");
        (XWindow host, _) = _desktop.HostWindow("[work] resized");
        _desktop.WaitUntilInStep(host, app, b => b.X == 98 && b.Y == 118);

        // It used to jump to (2,40): the frame-relative position of the manager's real ConfigureNotify.
        _desktop.OnHost("xdotool", "windowsize", Id(host), "404", "304");
        XRect resized = _desktop.WaitUntilInStep(host, app, b => b == new XRect(98, 118, 404, 304), "the window resized in place");
        WaitForPattern(Desktop.QubeBoundsOf(resized), 3); // the app drew for its new size, and the host shows it
    }

    [Fact]
    public void MaximizeAndRestoreRoundTrip()
    {
        TestAppProcess app = _desktop.Start("--geometry", "300x200+100+120", "--title", "maximized");
        (XWindow host, _) = _desktop.HostWindow("[work] maximized");
        XRect before = _desktop.WaitUntilInStep(host, app, b => b.X == 98 && b.Y == 118);

        _desktop.OnHost("wmctrl", "-i", "-r", Id(host), "-b", "add,maximized_vert,maximized_horz");
        _desktop.WaitUntilInStep(host, app, b => b.Width > ScreenWidth - 100 && b.Height > ScreenHeight - 100, "the maximized size to reach the qube");
        WaitUntilFrameOnScreen(host);

        _desktop.OnHost("wmctrl", "-i", "-r", Id(host), "-b", "remove,maximized_vert,maximized_horz");
        _desktop.WaitUntilInStep(host, app, b => b == before, "the window back where it was");
    }

    [Fact]
    public void FullscreenFromTheAppAndBackRoundTrips()
    {
        TestAppProcess app = _desktop.Start("--geometry", "300x200+100+120", "--title", "wide");
        (XWindow host, _) = _desktop.HostWindow("[work] wide");
        XRect before = _desktop.WaitUntilInStep(host, app, b => b.X == 98 && b.Y == 118);

        using (var qube = new XClient(_desktop.QubeDisplay))
        {
            qube.RequestNetWmState(app.Window, 1, "_NET_WM_STATE_FULLSCREEN");
        }

        // Default policy: maximized by the host's manager, its title bar and our frame all on the screen.
        _desktop.WaitUntilInStep(host, app, b => b.Width > ScreenWidth - 100 && b.Height > ScreenHeight - 100, "the maximized size to reach the qube");
        WaitUntilFrameOnScreen(host);

        using (var qube = new XClient(_desktop.QubeDisplay))
        {
            qube.RequestNetWmState(app.Window, 0, "_NET_WM_STATE_FULLSCREEN");
        }

        _desktop.WaitUntilInStep(host, app, b => b == before, "the window back where it was");
    }

    [Fact]
    public void MinimizeAndRestoreRoundTrip()
    {
        TestAppProcess app = _desktop.Start("--geometry", "300x200+100+120", "--title", "minimized");
        (XWindow host, _) = _desktop.HostWindow("[work] minimized");
        XRect before = _desktop.WaitUntilInStep(host, app, b => b.X == 98 && b.Y == 118);
        var appWindow = new XWindow(app.Window);

        _desktop.OnHost("xdotool", "windowminimize", Id(host));
        _desktop.WaitFor(() => _desktop.Qube.TryGetGeometry(appWindow) is { Viewable: false }, () => "the app's window iconified in the qube too");

        _desktop.OnHost("wmctrl", "-i", "-a", Id(host)); // restored, as a taskbar does
        _desktop.WaitFor(() => _desktop.Qube.TryGetGeometry(appWindow) is { Viewable: true }, () => "the app's window shown again in the qube");
        _desktop.WaitUntilInStep(host, app, b => b == before, "the window back where it was");
    }

    [Fact]
    public void ADialogOpensOverItsParent()
    {
        TestAppProcess parent = _desktop.Start("--geometry", "500x400+300+200", "--title", "parent");
        (XWindow parentHost, _) = _desktop.HostWindow("[work] parent");
        XRect parentBounds = _desktop.WaitUntilInStep(parentHost, parent, b => b.X == 298 && b.Y == 198);

        // As GTK and Qt do: the app centres its dialog on its parent itself (PPosition). The qube's
        // coordinates are the host's, so it lands there exactly, over the parent.
        TestAppProcess centred = _desktop.Start(
            "--geometry", "200x100+450+350", "--position-hint", "program", "--title", "centred",
            "--transient-for", $"0x{parent.Window:x}", "--type", "dialog", "--modal");
        (XWindow centredHost, _) = _desktop.HostWindow("[work] centred");
        XRect centredBounds = _desktop.WaitUntilInStep(centredHost, centred, b => b == new XRect(448, 348, 204, 104), "the dialog where its app put it");
        Assert.Equal([(long)parentHost.Id], _desktop.Screen.Longs(centredHost, "WM_TRANSIENT_FOR"));
        Assert.Equal([(long)_desktop.Screen.Display.Atom("_NET_WM_WINDOW_TYPE_DIALOG").Id], _desktop.Screen.Longs(centredHost, "_NET_WM_WINDOW_TYPE"));
        Assert.Contains((long)_desktop.Screen.Display.Atom("_NET_WM_STATE_MODAL").Id, _desktop.Screen.Longs(centredHost, "_NET_WM_STATE")); // the manager took it

        if (PlacesDialogsOverTheirParent)
        {
            // No position of its own: the host's manager places it, over its owner.
            TestAppProcess placed = _desktop.Start("--geometry", "200x100", "--title", "placed", "--transient-for", $"0x{parent.Window:x}", "--type", "dialog");
            (XWindow placedHost, _) = _desktop.HostWindow("[work] placed");
            _desktop.WaitUntilInStep(placedHost, placed, b => Contains(parentBounds, b), "the manager's dialog over its parent, on both sides");
        }

        Thread.Sleep(1000); // and it stays there
        Assert.Equal(centredBounds, _desktop.Screen.RootBounds(centredHost));
        Assert.Equal(Desktop.QubeBoundsOf(centredBounds), _desktop.InQube(centred));
    }

    /// <summary>Whether the manager centres a transient window without a position on its owner (openbox does, fluxbox puts it at its first free place).</summary>
    protected abstract bool PlacesDialogsOverTheirParent { get; }

    [Fact]
    public void QuarterTilesCannotCoverTheScreenUnderTheManager()
    {
        // Four override-redirect quarter tiles: the manager cannot move or close unmanaged windows,
        // so the one that would complete the cover is given to it, and it frames that one.
        (int X, int Y)[] places = [(0, 0), (640, 0), (0, 400), (640, 400)];
        for (int i = 0; i < 4; i++)
        {
            _desktop.Start("--override-redirect", "--geometry", $"640x400+{places[i].X}+{places[i].Y}", "--title", $"tile {i}");
        }

        XWindow[] tiles = [.. Enumerable.Range(0, 4).Select(i => _desktop.HostWindow($"[work] tile {i}").Window)];
        XWindow[] managed = [.. tiles.Where(t => !_desktop.Screen.Geometry(t).OverrideRedirect)];
        Assert.True(managed.Length == 1, $"{managed.Length} of the four tiles managed\n{_desktop.Logs}");
        Assert.True(FrameExtents(managed[0]).Top > 0, "the managed tile has no title bar"); // the manager framed it
    }

    private static string Id(XWindow window) => window.Id.ToString(CultureInfo.InvariantCulture);

    private static bool Contains(XRect outer, XRect inner) =>
        inner.X >= outer.X && inner.Y >= outer.Y && inner.X + inner.Width <= outer.X + outer.Width && inner.Y + inner.Height <= outer.Y + outer.Height;

    /// <summary>_NET_FRAME_EXTENTS: the manager's frame around the host window.</summary>
    private (long Left, long Right, long Top, long Bottom) FrameExtents(XWindow host)
    {
        IReadOnlyList<long> extents = [];
        _desktop.WaitFor(() => (extents = _desktop.Screen.Longs(host, "_NET_FRAME_EXTENTS")).Count == 4, () => "_NET_FRAME_EXTENTS");
        return (extents[0], extents[1], extents[2], extents[3]);
    }

    /// <summary>The host window and the manager's whole frame (title bar included) are on the screen: nothing cut off.</summary>
    private void WaitUntilFrameOnScreen(XWindow host)
    {
        XRect bounds = default;
        (long Left, long Right, long Top, long Bottom) extents = default;
        _desktop.WaitFor(
            () =>
            {
                bounds = _desktop.Screen.RootBounds(host);
                extents = FrameExtents(host);
                return bounds.X - extents.Left >= 0 && bounds.Y - extents.Top >= 0
                    && bounds.X + bounds.Width + extents.Right <= ScreenWidth && bounds.Y + bounds.Height + extents.Bottom <= ScreenHeight;
            },
            () => $"the frame on the screen: window {bounds}, extents {extents}");
    }

    private void WaitForPattern(XRect area, int seed)
    {
        var expected = new uint[area.Width * area.Height];
        Pattern.Fill(expected, area.Width, area.Height, seed, 0);
        _desktop.WaitFor(() => _desktop.Screen.Screenshot(area).SequenceEqual(expected), () => $"seed {seed} at {area} on the host");
    }
}
