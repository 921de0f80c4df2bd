using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.Daemon.Tests;

/// <summary><c>scale</c> and <c>upscale</c> in the configuration, and what a qube is told about a scale.</summary>
public class DisplayScaleTests
{
    [Fact]
    public void ScaleIsReadGloballyAndPerQubeAndUpscalePerQube()
    {
        DaemonConfig config = ConfigFile.Parse("""
            scale = 1.5
            [[qube]]
            name = "work"
            label = "blue"
            [[qube]]
            name = "old"
            label = "red"
            scale = 2
            upscale = 2
            [[qube]]
            name = "whole"
            label = "green"
            scale = 1.0
            """, "guivirt.toml");

        Assert.Equal(150, config.Scale!.Value.Percent);
        Assert.Null(config.Qubes[0].Scale);
        Assert.Equal(1, config.Qubes[0].Upscale);
        Assert.Equal(200, config.Qubes[1].Scale!.Value.Percent);
        Assert.Equal(2, config.Qubes[1].Upscale);
        Assert.Equal(100, config.Qubes[2].Scale!.Value.Percent);
        Assert.Null(ConfigFile.Parse("", "guivirt.toml").Scale); // the host's Xft.dpi decides when the daemon starts
    }

    [Theory]
    [InlineData(1.0, 100, 96, 1, "1", "1", 24)]
    [InlineData(1.25, 125, 120, 1, "1", "1.25", 30)] // GTK's text scales by Xft.dpi alone
    [InlineData(1.5, 150, 144, 1, "1", "1.5", 36)]
    [InlineData(2.0, 200, 192, 2, "0.5", "2", 48)] // Xft.dpi and GDK_SCALE both double GTK's text: halved once
    public void EachScaleGivesTheQubeItsDpiToolkitFactorsAndCursorSize(double value, int percent, int dpi, int gdkScale, string gdkDpiScale, string qt, int cursor)
    {
        DisplayScale scale = DisplayScale.TryFrom(value)!.Value;
        Assert.Equal(percent, scale.Percent);
        Assert.Equal(dpi, scale.Dpi);
        Assert.Equal(gdkScale, scale.GdkScale);
        Assert.Equal(gdkDpiScale, scale.GdkDpiScale);
        Assert.Equal(qt, scale.QtScaleFactor);
        Assert.Equal(cursor, scale.CursorSize);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.2)]
    [InlineData(1.75)]
    [InlineData(3)]
    [InlineData(double.NaN)]
    public void NoOtherScaleIsTaken(double value) => Assert.Null(DisplayScale.TryFrom(value));

    [Theory]
    [InlineData(null, 100)]
    [InlineData(96.0, 100)]
    [InlineData(120.0, 125)]
    [InlineData(144.0, 150)]
    [InlineData(192.0, 200)]
    [InlineData(108.0, 100)] // halfway between 96 and 120: the smaller
    [InlineData(110.0, 125)]
    [InlineData(168.0, 150)]
    [InlineData(170.0, 200)]
    [InlineData(288.0, 200)]
    [InlineData(40.0, 100)]
    [InlineData(0.0, 100)]
    [InlineData(-5.0, 100)]
    [InlineData(double.PositiveInfinity, 100)]
    public void TheHostsXftDpiGivesTheNearestAllowedScale(double? dpi, int percent) =>
        Assert.Equal(percent, DisplayScale.FromDpi(dpi).Percent);

    [Theory]
    [InlineData("Xft.dpi:\t192\n", 192.0)]
    [InlineData("Xcursor.size:\t24\nXft.antialias:\t1\nXft.dpi:\t120\nXft.hinting:\t1\n", 120.0)]
    [InlineData("Xft.dpi: 96\nXft.dpi: 144\n", 144.0)] // the last one counts, as for xrdb
    [InlineData("Xft.dpi:\tmany\n", null)]
    [InlineData("Xft.antialias:\t1\n", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void XftDpiIsReadFromTheResourceText(string? resources, double? dpi) => Assert.Equal(dpi, DisplayScale.XftDpiOf(resources));
}
