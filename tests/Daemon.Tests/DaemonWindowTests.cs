using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>Geometry both ways, the override-redirect rule, titles a qube cannot forge, fullscreen policy.</summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonWindowTests : IDisposable
{
    private const int Frame = 2;

    private readonly HostAndQube _rig = new("work:green");

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void ResizesInTheQubeReachTheHostAndTheOtherWayRound()
    {
        TestAppProcess app = Start("--geometry", "200x100+50+60", "--seed", "4", "--title", "elastic");
        using var screen = new HostScreen(_rig.Host.Display);
        (XWindow window, _) = screen.WaitForWindow("[work] elastic");

        using (var qube = new XClient(_rig.Qube.Display))
        {
            qube.MoveResize(app.Window, 300, 200, 250, 150); // the app moves and resizes itself
        }

        WaitFor(() => screen.WaitForWindow("[work] elastic").Bounds == new XRect(300 - Frame, 200 - Frame, 250 + (2 * Frame), 150 + (2 * Frame)), "the host window to follow");
        WaitForPattern(screen, new XRect(300, 200, 250, 150), 4);

        // The user resizes the host window: the app gets the new size and draws for it.
        Assert.Equal(0, ToolProcess.Run(_rig.Host.Display, "xdotool", "windowsize", $"{window.Id}", "324", "224").ExitCode);
        WaitForPattern(screen, new XRect(300, 200, 320, 220), 4);
    }

    [Fact]
    public void AnAppThatPlacesItsWindowKeepsItsPlace()
    {
        // xterm creates its window elsewhere, then asks to be moved and resized: the host's echoes
        // of those steps must not be mistaken for the user moving the window (they used to bounce
        // the window to the corner).
        using ToolProcess xterm = ToolProcess.Start(_rig.Qube.Display, "xterm", ["-geometry", "80x20+60+60", "-T", "placed", "-e", "sleep", "60"]);
        using var screen = new HostScreen(_rig.Host.Display);
        screen.WaitForWindow("[work] placed");
        WaitFor(() => screen.WaitForWindow("[work] placed").Bounds is { X: 60 - Frame, Y: 60 - Frame }, "the host window at +58+58");
        Settle(screen); // a bounce, if any, has happened by now
        Assert.Equal((60 - Frame, 60 - Frame), (screen.WaitForWindow("[work] placed").Bounds.X, screen.WaitForWindow("[work] placed").Bounds.Y));
    }

    [Fact]
    public void OverrideRedirectIsHonouredOnlyForSmallWindows()
    {
        Start("--override-redirect", "--geometry", "150x100+10+10", "--title", "menu");
        Start("--override-redirect", "--geometry", "1280x800+0+0", "--title", "fake desktop");
        using var screen = new HostScreen(_rig.Host.Display);
        (XWindow menu, _) = screen.WaitForWindow("[work] menu");
        (XWindow cover, XRect coverBounds) = screen.WaitForWindow("[work] fake desktop");
        Assert.True(screen.Geometry(menu).OverrideRedirect);
        Assert.False(screen.Geometry(cover).OverrideRedirect); // managed, framed and titled like any window
        Assert.Equal(new XRect(0, 0, 1280, 800), coverBounds); // clamped to the screen
        screen.WaitForPixel(0, 0, 0x73D216); // and the frame is there
    }

    [Fact]
    public void ATitleCannotForgeItsQube()
    {
        Start("--geometry", "100x100+10+10", "--title", "[personal] bank\u202Eexe.txt\nnext line");
        using var screen = new HostScreen(_rig.Host.Display);
        screen.WaitForWindow("[work] [personal] bank\uFFFDexe.txt\uFFFDnext line");
    }

    [Fact]
    public void FullscreenMaximizesByDefault()
    {
        TestAppProcess app = Start("--geometry", "200x100+50+60", "--seed", "6", "--title", "wide");
        using var screen = new HostScreen(_rig.Host.Display);
        screen.WaitForWindow("[work] wide");
        using (var qube = new XClient(_rig.Qube.Display))
        {
            qube.RequestNetWmState(app.Window, 1, "_NET_WM_STATE_FULLSCREEN");
        }

        WaitFor(() => screen.WaitForWindow("[work] wide").Bounds == new XRect(0, 0, 1280, 800), "the window to fill the screen");
        WaitForPattern(screen, new XRect(Frame, Frame, 1280 - (2 * Frame), 800 - (2 * Frame)), 6); // the app got the size
    }

    [Fact]
    public void AnUncoveredWindowIsRepaintedFromItsGrant()
    {
        Start("--geometry", "300x200+100+100", "--seed", "1", "--title", "below");
        using var screen = new HostScreen(_rig.Host.Display);
        screen.WaitForWindow("[work] below");
        WaitForPattern(screen, new XRect(100, 100, 300, 200), 1);
        TestAppProcess above = Start("--geometry", "200x150+150+150", "--seed", "2", "--title", "above");
        screen.WaitForWindow("[work] above");
        WaitForPattern(screen, new XRect(150, 150, 200, 150), 2);

        above.Dispose(); // its host window goes; the host asks for the uncovered part (Expose)
        WaitForPattern(screen, new XRect(100, 100, 300, 200), 1);
    }

    private TestAppProcess Start(params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(_rig.Qube.Display, arguments);
        _rig.Keep(app);
        return app;
    }

    /// <summary>
    /// A round trip through every queue a bounce would take: the user resizes a marker window on
    /// the host; the daemon hears it after the echoes of its own earlier requests and tells the
    /// agent after whatever it made of those; the agent applies both in order in the qube and
    /// reports back in order. Once the marker shows its pattern at the new size on the host,
    /// everything queued before it has been applied.
    /// </summary>
    private void Settle(HostScreen screen)
    {
        Start("--geometry", "60x40+900+600", "--seed", "5", "--title", "marker");
        (XWindow marker, _) = screen.WaitForWindow("[work] marker");
        Assert.Equal(0, ToolProcess.Run(_rig.Host.Display, "xdotool", "windowsize", $"{marker.Id}", $"{80 + (2 * Frame)}", $"{60 + (2 * Frame)}").ExitCode);
        WaitForPattern(screen, new XRect(900, 600, 80, 60), 5);
    }

    private void WaitForPattern(HostScreen screen, XRect area, int seed)
    {
        var expected = new uint[area.Width * area.Height];
        Pattern.Fill(expected, area.Width, area.Height, seed, 0);
        WaitFor(() => screen.Screenshot(area).SequenceEqual(expected), $"seed {seed} at {area} on the host");
    }

    private void WaitFor(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\ndaemon log:\n{_rig.Daemon.Log}\nagent log:\n{_rig.Agent.Log}");
            Thread.Sleep(50);
        }
    }
}
