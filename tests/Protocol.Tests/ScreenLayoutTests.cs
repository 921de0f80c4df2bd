using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Tests;

/// <summary>
/// SCREEN_CONFIG's producer on the daemon side (<see cref="ScreenLayout.FromHost"/>): whatever the
/// host reports, what it makes passes the agent's checks and never carries more than the bound.
/// </summary>
public class ScreenLayoutTests
{
    [Fact]
    public void FromHostKeepsTheHostsMonitors()
    {
        ScreenLayout screen = ScreenLayout.FromHost(1280, 480, [(0, 0, 640, 480), (640, 0, 640, 480)]);

        Assert.Equal((1280, 480), (screen.Width, screen.Height));
        Assert.Equal([new MonitorArea(0, 0, 640, 480), new MonitorArea(640, 0, 640, 480)], screen.Monitors.ToArray());
    }

    [Fact]
    public void FromHostSendsAtMostTheBound()
    {
        var many = Enumerable.Range(0, 40).Select(i => (i * 10, 0, 10, 100)).ToList();

        ScreenLayout screen = ScreenLayout.FromHost(400, 100, many);

        Assert.Equal(Limits.MaxMonitors, screen.Monitors.Length);
        Assert.Equal(new MonitorArea(150, 0, 10, 100), screen.Monitors[^1]);
    }

    [Fact]
    public void FromHostClipsMonitorsToTheScreenAndDropsEmptyOnes()
    {
        ScreenLayout screen = ScreenLayout.FromHost(1920, 1080,
            [(-100, -50, 1000, 600), (1800, 1000, 500, 500), (5000, 0, 10, 10), (0, 0, 0, 100), (int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue)]);

        Assert.Equal([new MonitorArea(0, 0, 900, 550), new MonitorArea(1800, 1000, 120, 80)], screen.Monitors.ToArray());
    }

    [Fact]
    public void FromHostWithoutMonitorsHasTheWholeScreen()
    {
        ScreenLayout screen = ScreenLayout.FromHost(1024, 768, []);

        Assert.Equal([new MonitorArea(0, 0, 1024, 768)], screen.Monitors.ToArray());
    }

    [Fact]
    public void FromHostClampsAScreenBeyondTheWindowLimits()
    {
        ScreenLayout screen = ScreenLayout.FromHost(20000, 8000, [(0, 0, 20000, 8000)]);

        Assert.Equal((Limits.MaxWindowWidth, Limits.MaxWindowHeight), (screen.Width, screen.Height));
        Assert.Equal([new MonitorArea(0, 0, Limits.MaxWindowWidth, Limits.MaxWindowHeight)], screen.Monitors.ToArray());
    }

    [Fact]
    public void ConstructorRefusesWhatTheAgentWouldRefuse()
    {
        Assert.Throws<ArgumentException>(() => new ScreenLayout(1920, 1080, []));
        Assert.Throws<ArgumentException>(() => new ScreenLayout(1920, 1080, [new MonitorArea(1, 0, 1920, 1080)]));
        Assert.Throws<ArgumentException>(() => new ScreenLayout(1920, 1080, new MonitorArea[17].Select(_ => new MonitorArea(0, 0, 1, 1)).ToArray()));
    }
}
