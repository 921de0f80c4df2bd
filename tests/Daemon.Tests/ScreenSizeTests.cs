using System.Diagnostics;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// The host screen changes size (RandR, <c>xrandr --fb</c> on Xvfb): the daemon follows, windows
/// stay on the screen, and the qube's screen takes the host's size (SCREEN_CONFIG; the qube's
/// Xvfb is started larger, as the sandbox starts it, and resized inside through RandR).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class ScreenSizeTests : IDisposable
{
    private readonly HostAndQube _rig = new("work:green", qubeWidth: 1920, qubeHeight: 1200);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AWindowOffTheSmallerScreenIsBroughtBackOntoIt()
    {
        _rig.Keep(TestAppProcess.Start(_rig.Qube.Display, "--geometry", "200x100+900+600", "--title", "corner"));
        using var screen = new HostScreen(_rig.Host.Display);
        WaitFor(() => screen.WaitForWindow("[work] corner").Bounds == new XRect(898, 598, 204, 104), () => "the window at +898+598");

        // Xvfb's one output keeps its old mode, so xrandr reports an error, but the screen is resized.
        ToolProcess.Run(_rig.Host.Display, "xrandr", "--fb", "800x600");
        _rig.Daemon.WaitForLog("host screen is now 800x600");
        WaitFor(() => screen.WaitForWindow("[work] corner").Bounds == new XRect(596, 496, 204, 104), () => $"the window kept on the 800x600 screen, at {screen.WaitForWindow("[work] corner").Bounds}");
    }

    [Fact]
    public void TheQubesScreenFollowsTheHostsSize()
    {
        // At connect: the qube's 1920x1200 screen is set to the host's 1280x800.
        WaitFor(() => QubeScreen() == (1280, 800), () => $"the qube's screen at the host's 1280x800, not {QubeScreen()}");

        var watch = Stopwatch.StartNew();
        ToolProcess.Run(_rig.Host.Display, "xrandr", "--fb", "800x600");
        WaitFor(() => QubeScreen() == (800, 600), () => $"the qube's screen at 800x600, not {QubeScreen()}");
        TimeSpan shrunk = watch.Elapsed;

        watch.Restart();
        ToolProcess.Run(_rig.Host.Display, "xrandr", "--fb", "1280x800");
        WaitFor(() => QubeScreen() == (1280, 800), () => $"the qube's screen back at 1280x800, not {QubeScreen()}");
        TimeSpan grown = watch.Elapsed;

        // About a second on a quiet machine; the bound leaves room for a loaded one.
        Assert.True(shrunk < TimeSpan.FromSeconds(5) && grown < TimeSpan.FromSeconds(5), $"followed in {shrunk.TotalMilliseconds:F0} ms and {grown.TotalMilliseconds:F0} ms");
        Assert.Contains("screen 1280x800: 1280x800+0+0", _rig.Agent.Log, StringComparison.Ordinal);
    }

    /// <summary>The qube's root size, as a new client of its X server sees it.</summary>
    private (int, int) QubeScreen()
    {
        using XDisplay qube = XDisplay.Open(_rig.Qube.Display);
        return (qube.Width, qube.Height);
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
