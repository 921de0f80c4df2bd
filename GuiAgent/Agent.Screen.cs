using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The host's screen, mirrored on the qube's X server (SCREEN_CONFIG): the screen takes the host's
/// size through RandR, within the framebuffer the qube's Xvfb was started with, and the qube's
/// RandR monitors become the host's, so apps put dialogs and fullscreen windows on the right one.
/// </summary>
internal sealed partial class Agent
{
    /// <summary>
    /// --set-screen: gives the qube's X server the host's screen size before the agent and any app
    /// start (the qube's init runs it), so that no app sees the framebuffer's size first and lays
    /// itself out for a 4K screen. SCREEN_CONFIG then brings the monitors, and later changes.
    /// 0 when the screen has that size; 1 when it cannot have it (logged), which the init ignores:
    /// the agent still sets what it can at SCREEN_CONFIG.
    /// </summary>
    public static int SetScreen(string? displayName, (int Width, int Height) size)
    {
        using XDisplay display = XDisplay.Open(displayName);
        (int Width, int Height)? now = display.ResizeScreen(size.Width, size.Height);
        display.Sync(); // every request handled before this program exits and the init goes on
        if (now != size)
        {
            Log.Warning($"the qube's X server cannot take the screen size {size.Width}x{size.Height}: it is {display.Width}x{display.Height}");
            return 1;
        }

        return 0;
    }

    public void OnScreenConfig(ScreenLayout screen)
    {
        (int Width, int Height)? size = _display.ResizeScreen(screen.Width, screen.Height);
        if (size is not { } now)
        {
            Log.Warning($"the qube's X server cannot be resized (no RandR, or no CRTC): it stays {_display.Width}x{_display.Height}, the host's is {screen.Width}x{screen.Height}");
            now = (_display.Width, _display.Height);
        }
        else if (now != (screen.Width, screen.Height))
        {
            Log.Warning($"the host screen {screen.Width}x{screen.Height} is larger than the qube's X server allows: it is {now.Width}x{now.Height}");
        }

        // The monitors as they fit the screen the qube has (the same as the host's unless clamped).
        ScreenLayout fitted = ScreenLayout.FromHost(now.Width, now.Height, screen.Monitors.ToArray().Select(m => (m.X, m.Y, m.Width, m.Height)));
        XRect[] monitors = [.. fitted.Monitors.ToArray().Select(m => new XRect(m.X, m.Y, m.Width, m.Height))];
        if (!_display.SetMonitors(monitors))
        {
            Log.Warning("the qube's X server has no RandR 1.5: its monitors stay as they are");
        }

        _display.Flush();
        Log.Info($"screen {fitted}");
    }
}
