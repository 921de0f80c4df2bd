using GuiVirt.Headless;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// A host with two monitors (a nested Xephyr with Xinerama on a host Xvfb, as a two-head desktop):
/// the screen-cover rule judges each monitor alone, and windows stay on a monitor.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class MonitorTests : IDisposable
{
    private const int MonitorWidth = 640, MonitorHeight = 480;

    private readonly HostAndQube _rig;
    private readonly XvfbServer _parent = new(1400, 600);

    public MonitorTests()
    {
        _rig = new("work:green", host: XephyrServer.StartTwoMonitors(_parent.Display, MonitorWidth, MonitorHeight), qubeWidth: 2 * MonitorWidth, qubeHeight: MonitorHeight);
    }

    public void Dispose()
    {
        _rig.Dispose();
        _parent.Dispose();
    }

    [Fact]
    public void TheQubesRandrMonitorsAreTheHostsTwo()
    {
        // xrandr --listmonitors inside the qube: "0: *GUIVIRT-0 640/169x480/127+0+0", the host's two
        // monitors, then the qube Xvfb's own monitor of its one output, the whole screen (kept for GTK).
        string[] expected = [$"{MonitorWidth}x{MonitorHeight}+0+0", $"{MonitorWidth}x{MonitorHeight}+{MonitorWidth}+0", $"{2 * MonitorWidth}x{MonitorHeight}+0+0"];
        WaitFor(() => QubeMonitors().SequenceEqual(expected), () => $"the qube's monitors {string.Join(", ", expected)}, not {string.Join(", ", QubeMonitors())}");
    }

    /// <summary>Each monitor `xrandr --listmonitors` lists in the qube, as WxH+X+Y (the millimetres left out).</summary>
    private string[] QubeMonitors()
    {
        (_, byte[] output) = ToolProcess.Run(_rig.Qube.Display, "xrandr", "--listmonitors");
        return [.. System.Text.Encoding.UTF8.GetString(output).Split('\n').Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 3)
            .Select(words => System.Text.RegularExpressions.Regex.Replace(words[2], "/[0-9]+", ""))];
    }

    [Fact]
    public void AnUnmanagedWindowExactlyCoveringOneOfTwoMonitorsIsManaged()
    {
        // Half the root, so the whole-root rule let it through: a fake desktop on the right monitor.
        Start("--override-redirect", "--geometry", $"{MonitorWidth}x{MonitorHeight}+{MonitorWidth}+0", "--title", "fake right");
        Start("--override-redirect", "--geometry", $"{MonitorWidth}x{MonitorHeight}+0+0", "--title", "fake left");
        Start("--override-redirect", "--geometry", "150x100+700+100", "--title", "menu");
        using var screen = new HostScreen(_rig.Host.Display);
        (XWindow right, _) = screen.WaitForWindow("[work] fake right");
        (XWindow left, _) = screen.WaitForWindow("[work] fake left");
        (XWindow menu, _) = screen.WaitForWindow("[work] menu");
        Assert.True(screen.Geometry(menu).OverrideRedirect, "a small menu on the right monitor stays unmanaged");
        Assert.False(screen.Geometry(right).OverrideRedirect, $"the right monitor's fake desktop was left unmanaged\n{_rig.Daemon.Log}");
        Assert.False(screen.Geometry(left).OverrideRedirect, $"the left monitor's fake desktop was left unmanaged\n{_rig.Daemon.Log}");
        screen.WaitForPixel(MonitorWidth, 0, 0x73D216); // framed in the label colour
    }

    [Fact]
    public void AWindowAcrossBothMonitorsIsKeptOnTheOneItIsMostlyOn()
    {
        // 600 wide from x = 500: 140 on the left monitor, 460 on the right one.
        Start("--geometry", "600x200+500+50", "--title", "straddling");
        using var screen = new HostScreen(_rig.Host.Display);
        WaitFor(() => screen.WaitForWindow("[work] straddling").Bounds == new XRect(MonitorWidth, 48, 604, 204), () => $"the window kept on the right monitor, at {screen.WaitForWindow("[work] straddling").Bounds}");
    }

    [Fact]
    public void FullscreenWithoutAWindowManagerFillsTheWindowsMonitor()
    {
        TestAppProcess app = Start("--geometry", "200x100+800+60", "--title", "wide");
        using var screen = new HostScreen(_rig.Host.Display);
        screen.WaitForWindow("[work] wide");
        using (var qube = new XClient(_rig.Qube.Display))
        {
            qube.RequestNetWmState(app.Window, 1, "_NET_WM_STATE_FULLSCREEN");
        }

        WaitFor(() => screen.WaitForWindow("[work] wide").Bounds == new XRect(MonitorWidth, 0, MonitorWidth, MonitorHeight), () => $"the right monitor filled, not the root: {screen.WaitForWindow("[work] wide").Bounds}");
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

    private TestAppProcess Start(params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(_rig.Qube.Display, arguments);
        _rig.Keep(app);
        return app;
    }
}
