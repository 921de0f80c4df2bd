using GuiVirt.GuiDaemon.Host;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Host;

/// <summary>Which monitor a window belongs on, and the window kept on it.</summary>
public class MonitorPlacementTests
{
    private static readonly XRect Root = new(0, 0, 1920, 1080);
    private static readonly XRect[] Monitors = [new(0, 0, 1280, 1024), new(1280, 0, 640, 480)];

    [Fact]
    public void TheMonitorSharingMostAreaWins()
    {
        Assert.Equal(Monitors[1], MonitorPlacement.MonitorOf(new XRect(1200, 0, 400, 100), Monitors, Root));
        Assert.Equal(Monitors[0], MonitorPlacement.MonitorOf(new XRect(1000, 0, 400, 100), Monitors, Root));
    }

    [Fact]
    public void OffEveryMonitorTheNearestWins()
    {
        // Below the small right monitor, in the dead area a 640x480 head leaves under it.
        Assert.Equal(Monitors[1], MonitorPlacement.MonitorOf(new XRect(1500, 900, 100, 100), Monitors, Root));
        Assert.Equal(Root, MonitorPlacement.MonitorOf(new XRect(5, 5, 10, 10), [], Root));
    }

    [Fact]
    public void KeptOnTheMonitorShrunkIfNeeded()
    {
        Assert.Equal(new XRect(1500, 380, 100, 100), MonitorPlacement.KeepOn(new XRect(1500, 900, 100, 100), Monitors[1]));
        Assert.Equal(new XRect(1280, 380, 100, 100), MonitorPlacement.KeepOn(new XRect(1200, 900, 100, 100), Monitors[1]));
        Assert.Equal(new XRect(1280, 0, 640, 480), MonitorPlacement.KeepOn(new XRect(1000, -50, 2000, 2000), Monitors[1]));
        Assert.Equal(new XRect(1500, 100, 100, 100), MonitorPlacement.KeepOn(new XRect(1500, 100, 100, 100), Monitors[1])); // already on it: unchanged
    }
}
