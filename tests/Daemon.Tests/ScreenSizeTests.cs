using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>The host screen changes size (RandR, <c>xrandr --fb</c> on Xvfb): the daemon follows, windows stay on the screen.</summary>
[Collection(XServerCollection.Name)]
public sealed class ScreenSizeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-screen-size-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _qube = new(1280, 800);
    private readonly DaemonProcess _daemon;
    private readonly AgentProcess _agent;
    private readonly List<IDisposable> _apps = [];

    public ScreenSizeTests()
    {
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "work:green");
        _agent = new AgentProcess(_qube.Display, _daemon.SocketOf("work"));
    }

    public void Dispose()
    {
        _apps.ForEach(app => app.Dispose());
        _agent.Dispose();
        _daemon.Dispose();
        _qube.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AWindowOffTheSmallerScreenIsBroughtBackOntoIt()
    {
        _apps.Add(TestAppProcess.Start(_qube.Display, "--geometry", "200x100+900+600", "--title", "corner"));
        using var screen = new HostScreen(_host.Display);
        WaitFor(() => screen.WaitForWindow("[work] corner").Bounds == new XRect(898, 598, 204, 104), () => "the window at +898+598");

        // Xvfb's one output keeps its old mode, so xrandr reports an error, but the screen is resized.
        ToolProcess.Run(_host.Display, "xrandr", "--fb", "800x600");
        _daemon.WaitForLog("host screen is now 800x600");
        WaitFor(() => screen.WaitForWindow("[work] corner").Bounds == new XRect(596, 496, 204, 104), () => $"the window kept on the 800x600 screen, at {screen.WaitForWindow("[work] corner").Bounds}");
    }

    private void WaitFor(Func<bool> condition, Func<string> what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}\ndaemon log:\n{_daemon.Log}\nagent log:\n{_agent.Log}");
            Thread.Sleep(50);
        }
    }
}
