using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>
/// Which monitor a window belongs on, and the window kept on it: never across two monitors' gap,
/// never off every monitor (where a window of a multi-head host can be lost when the heads differ
/// in size). Pure: no X server, no state.
/// </summary>
internal static class MonitorPlacement
{
    /// <summary>
    /// The monitor sharing the most area with <paramref name="window"/>; when it shares none with
    /// any, the one whose centre is nearest its centre. The first of <paramref name="monitors"/>
    /// wins ties; <paramref name="root"/> when there are none.
    /// </summary>
    public static XRect MonitorOf(XRect window, ReadOnlySpan<XRect> monitors, XRect root)
    {
        XRect best = monitors.Length > 0 ? monitors[0] : root;
        long bestShared = -1, bestDistance = long.MaxValue;
        foreach (XRect monitor in monitors)
        {
            long shared = ScreenCover.UnionArea([window], monitor);
            long dx = CentreTwice(window.X, window.Width) - CentreTwice(monitor.X, monitor.Width);
            long dy = CentreTwice(window.Y, window.Height) - CentreTwice(monitor.Y, monitor.Height);
            long distance = (dx * dx) + (dy * dy);
            if (shared > bestShared || (shared == 0 && bestShared == 0 && distance < bestDistance))
            {
                (best, bestShared, bestDistance) = (monitor, shared, distance);
            }
        }

        return best;
    }

    /// <summary><paramref name="window"/> shrunk to fit <paramref name="monitor"/> and moved onto it.</summary>
    public static XRect KeepOn(XRect window, XRect monitor)
    {
        int width = Math.Clamp(window.Width, 1, Math.Max(1, monitor.Width));
        int height = Math.Clamp(window.Height, 1, Math.Max(1, monitor.Height));
        int x = (int)Math.Clamp((long)window.X, monitor.X, (long)monitor.X + monitor.Width - width);
        int y = (int)Math.Clamp((long)window.Y, monitor.Y, (long)monitor.Y + monitor.Height - height);
        return new XRect(x, y, width, height);
    }

    private static long CentreTwice(int start, int length) => (2L * start) + length;
}
