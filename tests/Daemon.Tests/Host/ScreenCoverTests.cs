using GuiVirt.GuiDaemon.Host;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Host;

/// <summary>The screen-cover rule's geometry: the union of rectangles, each point counted once, per monitor.</summary>
public class ScreenCoverTests
{
    private static readonly XRect Screen = new(0, 0, 1280, 800);

    [Fact]
    public void FourQuarterTilesCoverTheWholeScreen()
    {
        XRect[] tiles = [new(0, 0, 640, 400), new(640, 0, 640, 400), new(0, 400, 640, 400), new(640, 400, 640, 400)];
        Assert.Equal(1280L * 800, ScreenCover.UnionArea(tiles, Screen));
        Assert.True(ScreenCover.CoversMostOfAMonitor(tiles, [Screen]));
        Assert.False(ScreenCover.CoversMostOfAMonitor(tiles[..3], [Screen])); // three quarters: under nine tenths
    }

    [Fact]
    public void OverlapsAreCountedOnce()
    {
        // The same tile four times covers one quarter, not the screen.
        XRect tile = new(0, 0, 640, 400);
        Assert.Equal(640L * 400, ScreenCover.UnionArea([tile, tile, tile, tile], Screen));
        Assert.False(ScreenCover.CoversMostOfAMonitor([tile, tile, tile, tile], [Screen]));

        // Two overlapping halves: 0..800 and 400..1280 wide, the middle counted once.
        Assert.Equal(1280L * 800, ScreenCover.UnionArea([new(0, 0, 800, 800), new(400, 0, 880, 800)], Screen));

        // A cross: a horizontal and a vertical bar sharing a 100x100 square.
        Assert.Equal((1000L * 100) + (100L * 600) - (100L * 100), ScreenCover.UnionArea([new(100, 300, 1000, 100), new(500, 100, 100, 600)], Screen));
    }

    [Fact]
    public void OnlyThePartOnTheMonitorCounts()
    {
        Assert.Equal(100L * 100, ScreenCover.UnionArea([new(-100, -100, 200, 200)], Screen));
        Assert.Equal(0, ScreenCover.UnionArea([new(2000, 0, 500, 500)], Screen));
        Assert.Equal(0, ScreenCover.UnionArea([new(10, 10, 0, 100), new(10, 10, 100, -5)], Screen));
        Assert.Equal(1280L * 800, ScreenCover.UnionArea([new(int.MinValue / 2, int.MinValue / 2, int.MaxValue, int.MaxValue)], Screen));
    }

    [Fact]
    public void EachMonitorIsJudgedAlone()
    {
        XRect left = new(0, 0, 640, 800), right = new(640, 0, 640, 800);
        // One window over the whole left monitor: covered, though it is half the root window.
        Assert.True(ScreenCover.CoversMostOfAMonitor([new(0, 0, 640, 800)], [left, right]));
        // Two windows over the middle, each half on a monitor: 60% of each, neither covered.
        XRect[] middle = [new(256, 0, 384, 800), new(640, 0, 384, 800)];
        Assert.False(ScreenCover.CoversMostOfAMonitor(middle, [left, right]));
        Assert.False(ScreenCover.CoversMostOfAMonitor(middle, [Screen]));
    }

    [Theory]
    [InlineData(1152, 800, true)] // exactly nine tenths
    [InlineData(1151, 800, false)] // just under
    public void NineTenthsIsTheBoundary(int width, int height, bool covered) =>
        Assert.Equal(covered, ScreenCover.CoversMostOfAMonitor([new(0, 0, width, height)], [Screen]));
}
