using System.Globalization;

namespace GuiVirt.Headless;

/// <summary>
/// A host with two monitors side by side, as a real multi-head desktop shows them: a nested
/// Xephyr with Xinerama (<c>+xinerama -screen WxH+0+0 -screen WxH+W+0</c>) drawn on a parent
/// server. Xephyr's RandR lists one monitor only, Xinerama both, so it also tries the daemon's
/// fallback. Xvfb cannot do this (its <c>xrandr --setmonitor</c> added no monitor when tried).
/// </summary>
public static class XephyrServer
{
    /// <summary>True if Xephyr is installed (Debian package xserver-xephyr).</summary>
    public static bool IsInstalled => Where() is not null;

    /// <summary>
    /// Starts a root of 2 x <paramref name="monitorWidth"/> by <paramref name="monitorHeight"/>
    /// made of two Xinerama monitors, drawn on <paramref name="parentDisplay"/>; a clear error
    /// naming the package when Xephyr is missing.
    /// </summary>
    public static XvfbServer StartTwoMonitors(string parentDisplay, int monitorWidth, int monitorHeight, int firstDisplay = 100)
    {
        string program = Where() ?? throw new InvalidOperationException("Xephyr is not installed: install the Debian package xserver-xephyr");
        string size = string.Create(CultureInfo.InvariantCulture, $"{monitorWidth}x{monitorHeight}");
        return new XvfbServer(2 * monitorWidth, monitorHeight, firstDisplay, number =>
        {
            var start = XvfbServer.Command(program, [
                $":{number}", "+xinerama", "-screen", $"{size}+0+0", "-screen", string.Create(CultureInfo.InvariantCulture, $"{size}+{monitorWidth}+0"),
                "-nolisten", "tcp", "-noreset",
            ]);
            start.Environment["DISPLAY"] = parentDisplay;
            return start;
        });
    }

    private static string? Where() =>
        new[] { "/usr/bin/Xephyr", "/usr/local/bin/Xephyr" }.FirstOrDefault(File.Exists);
}
