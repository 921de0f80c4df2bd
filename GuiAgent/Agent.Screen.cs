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
