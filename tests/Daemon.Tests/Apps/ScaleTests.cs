using System.Globalization;
using System.Text.RegularExpressions;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// <c>scale</c> reaches a qube's apps: Xft.dpi on the qube's own screen and the toolkits'
/// variables in every command, and a real GTK app (zenity) draws its window larger at scale 2
/// than at scale 1. Everything runs through `guivirt run` against a real daemon and sandbox.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class ScaleTests : IDisposable
{
    private readonly AppRig _rig = new(config: """
        [[qube]]
        name = "hi"
        label = "blue"
        scale = 2
        [[qube]]
        name = "lo"
        label = "green"
        scale = 1
        [[qube]]
        name = "mid"
        label = "orange"
        scale = 1.5
        [[qube]]
        name = "up"
        label = "purple"
        upscale = 2
        """);

    public void Dispose() => _rig.Dispose();

    [Theory]
    [InlineData("hi", "blue", "192", "2", "0.5", "2", "48")]
    [InlineData("mid", "orange", "144", "1", "1", "1.5", "36")]
    public void AScaledQubeHasXftDpiOnItsScreenAndTheToolkitsVariablesInItsCommands(string qube, string label, string dpi, string gdk, string gdkDpi, string qt, string cursor)
    {
        _rig.Run(qube, label, "sh", "-c", """
            { xrdb -query; echo; env; } > /home/user/scale.part 2>&1
            mv /home/user/scale.part /home/user/scale
            """);
        string found = _rig.WaitForFile(Path.Combine(_rig.HomeOf(qube), "scale"), _ => true, qube, "scale", 60);
        string[] lines = found.Split('\n');
        Assert.Contains($"Xft.dpi:\t{dpi}", lines);
        Assert.Contains($"GDK_SCALE={gdk}", lines);
        Assert.Contains($"GDK_DPI_SCALE={gdkDpi}", lines);
        Assert.Contains($"QT_SCALE_FACTOR={qt}", lines);
        Assert.Contains($"XCURSOR_SIZE={cursor}", lines);
    }

    [Fact]
    public void AQubeAtScaleOneHasNoXftDpiAndUnitVariables()
    {
        _rig.Run("lo", "green", "sh", "-c", "{ xrdb -query; echo; env; } > /home/user/scale.part 2>&1; mv /home/user/scale.part /home/user/scale");
        string[] lines = _rig.WaitForFile(Path.Combine(_rig.HomeOf("lo"), "scale"), _ => true, "lo", "scale", 60).Split('\n');
        Assert.DoesNotContain(lines, line => line.StartsWith("Xft.dpi", StringComparison.Ordinal));
        Assert.Contains("GDK_SCALE=1", lines);
        Assert.Contains("QT_SCALE_FACTOR=1", lines);
        Assert.Contains("XCURSOR_SIZE=24", lines);
    }

    [Fact]
    public void ZenityDrawsALargerWindowAtScaleTwoThanAtScaleOne()
    {
        _rig.Run("lo", "green", "sh", "-c", "zenity --info --title small --text 'the same dialog' 2>/home/user/zenity.log");
        _rig.Run("hi", "blue", "sh", "-c", "zenity --info --title large --text 'the same dialog' 2>/home/user/zenity.log");
        (_, var small, _) = _rig.WaitForWindow("lo", t => t == "small", "zenity at scale 1", "zenity.log");
        (_, var large, _) = _rig.WaitForWindow("hi", t => t == "large", "zenity at scale 2", "zenity.log");
        // Twice as large, the frame around it the same 1:1 border; not four times (text scaled by
        // both Xft.dpi and GDK_SCALE, as without GDK_DPI_SCALE=0.5: 844 wide for 252 here).
        // The height also holds the title strip (no window manager here), the same for both.
        int frame = 2;
        int smallWidth = small.Width - (2 * frame), largeWidth = large.Width - (2 * frame);
        Assert.True(largeWidth >= smallWidth * 9 / 5 && largeWidth <= smallWidth * 11 / 5 && large.Height >= small.Height * 3 / 2, $"scale 1: {small}, scale 2: {large}");
    }

    [Fact]
    public void AnUpscaledQubesScreenIsHalfTheHostsAndXtermIsShownTwiceItsSize()
    {
        // xterm with its bitmap font ignores every scale setting: the host X server doubles it.
        _rig.Run("up", "purple", "sh", "-c", """
            xterm -fn fixed -geometry 20x4+10+10 -title doubled 2>/home/user/xterm.log &
            until xwininfo -name doubled >/home/user/xterm.part 2>/dev/null && grep -q IsViewable /home/user/xterm.part; do sleep 0.2; done
            xdpyinfo | grep dimensions: >>/home/user/xterm.part
            mv /home/user/xterm.part /home/user/xterm.geometry
            wait
            """);
        (_, var shown, _) = _rig.WaitForWindow("up", t => t == "doubled", "xterm in the upscaled qube", "xterm.log");
        string inside = _rig.WaitForFile(Path.Combine(_rig.HomeOf("up"), "xterm.geometry"), _ => true, "up", "xterm.log");
        Assert.True(inside.Contains("dimensions:    960x540 pixels", StringComparison.Ordinal), inside); // the host's 1920x1080, halved
        int width = int.Parse(Regex.Match(inside, @"Width: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        int height = int.Parse(Regex.Match(inside, @"Height: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // The frame (2 pixels, and the title strip on top without a window manager) is added 1:1 around twice the window.
        Assert.Equal((2 * width) + 4, shown.Width);
        Assert.True(shown.Height >= (2 * height) + 4 && shown.Height <= (2 * height) + 40, $"xterm {width}x{height} in the qube, {shown} on the host");
    }
}
