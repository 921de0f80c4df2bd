using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// The trusted title strip (<c>--decorations strip</c>) on a real Xvfb with no window manager:
/// "[qube] title" in the label colour across the top, the qube's pixels exact below it and never
/// on it, and a drag on it moves the window (the daemon moves it itself).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class TitleStripTests : IDisposable
{
    private const int Frame = 2, Strip = 20;
    private const uint Green = 0x73D216;

    private readonly HostAndQube _rig = new("work:green", ["--decorations", "strip"]);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void TheStripShowsTheQubeAboveItsPixelsAndNoQubePixelLandsOnIt()
    {
        Start("--geometry", "200x100+100+100", "--seed", "3", "--title", "hello");
        using var screen = new HostScreen(_rig.Host.Display);
        WaitFor(() => screen.WaitForWindow("[work] hello").Bounds == new XRect(100 - Frame, 100 - Strip, 200 + (2 * Frame), 100 + Frame + Strip), () => $"the host window with its strip, at {screen.WaitForWindow("[work] hello").Bounds}");
        WaitForPattern(screen, new XRect(100, 100, 200, 100), 3); // the qube's pixels where the qube put them, exact

        var strip = new XRect(100 - Frame, 100 - Strip, 200 + (2 * Frame), Strip);
        uint[] pixels = screen.Screenshot(strip);
        // Every strip pixel is the label colour, the text's black, or a blend of the two (its
        // anti-aliased edges): nothing of the qube's pattern.
        Assert.All(pixels, pixel => Assert.True(IsLabelOrInk(pixel), $"pixel {pixel:X6} on the strip is neither label nor text"));
        int ink = pixels.Count(pixel => pixel != Green);
        Assert.True(ink > 50, $"no text on the strip ({ink} pixels not the label colour)");
        Assert.Equal(Green, pixels[^1]); // its right end: the label colour, past the text
    }

    [Fact]
    public void DraggingTheStripMovesTheWindowAndTellsTheQube()
    {
        TestAppProcess app = Start("--geometry", "200x100+100+100", "--seed", "4", "--title", "drag me");
        using var screen = new HostScreen(_rig.Host.Display);
        WaitFor(() => screen.WaitForWindow("[work] drag me").Bounds.Y == 100 - Strip, () => "the window");
        WaitForPattern(screen, new XRect(100, 100, 200, 100), 4);
        foreach (string[] step in (string[][])[["mousemove", "250", "90"], ["mousedown", "1"], ["mousemove", "400", "200"], ["mousemove", "500", "302"], ["mouseup", "1"]])
        {
            Assert.Equal(0, ToolProcess.Run(_rig.Host.Display, "xdotool", step).ExitCode);
            Thread.Sleep(100);
        }

        // Moved by (250, 212) with the pointer.
        WaitFor(() => screen.WaitForWindow("[work] drag me").Bounds == new XRect(348, 292, 204, 122), () => $"the window dragged to +348+292, at {screen.WaitForWindow("[work] drag me").Bounds}");
        WaitForPattern(screen, new XRect(350, 312, 200, 100), 4);
        using XDisplay qube = XDisplay.Open(_rig.Qube.Display);
        WaitFor(() => qube.RootPosition(new XWindow(app.Window)) == (350, 312), () => $"the qube's window at 350,312, at {qube.RootPosition(new XWindow(app.Window))}");
    }

    private static bool IsLabelOrInk(uint pixel)
    {
        // t = how much of the label is left (1: label, 0: black); each channel must agree on it.
        int r = (int)(pixel >> 16) & 0xFF, g = (int)(pixel >> 8) & 0xFF, b = (int)pixel & 0xFF;
        double t = g / (double)0xD2;
        return Math.Abs(r - (0x73 * t)) <= 4 && Math.Abs(b - (0x16 * t)) <= 4 && g <= 0xD2;
    }

    private TestAppProcess Start(params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(_rig.Qube.Display, arguments);
        _rig.Keep(app);
        return app;
    }

    private void WaitForPattern(HostScreen screen, XRect area, int seed)
    {
        var expected = new uint[area.Width * area.Height];
        Pattern.Fill(expected, area.Width, area.Height, seed, 0);
        WaitFor(() => screen.Screenshot(area).SequenceEqual(expected), () => $"seed {seed} at {area} on the host");
    }

    private void WaitFor(Func<bool> condition, Func<string> what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}\ndaemon log:\n{_rig.Daemon.Log}\nagent log:\n{_rig.Agent.Log}");
            Thread.Sleep(50);
        }
    }
}
