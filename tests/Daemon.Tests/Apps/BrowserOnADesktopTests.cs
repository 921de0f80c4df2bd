using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// A browser as a user of a real desktop has it: Firefox in a sandboxed qube, on a host with a
/// reparenting window manager (openbox) and a German keyboard. Its window must stay where the
/// manager put it (no drift from frame offsets), follow a move by the manager exactly, and take
/// German text typed on the host at its new place (the pointer lands in the field: input
/// coordinates follow the move).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class BrowserOnADesktopTests : IDisposable
{
    private readonly AppRig _rig = new("openbox");

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void FirefoxUnderOpenboxWithAGermanKeyboardStaysPutFollowsAMoveAndTakesGermanText()
    {
        _rig.HostTool("setxkbmap", "de");
        _rig.Run("web", "orange", BrowserPage.FirefoxCommand(_rig.HomeOf("web")));
        (XWindow window, XRect placed, _) = BrowserPage.WaitUntilDrawn(_rig, "web");
        StaysAt(window, placed, "where openbox placed it");

        // The manager moves it (as a drag would): the host window goes there, and stays.
        XRect target = placed with { X = 100, Y = 90 };
        _rig.HostTool("xdotool", "windowmove", $"{window.Id}", $"{target.X}", $"{target.Y}");
        WaitUntilAt(window, target);
        StaysAt(window, target, "where openbox moved it");

        // z and y are swapped on a German keyboard, ü ß @ are German keys (AltGr+q for @).
        BrowserPage.Type(_rig, "web", target, "Größe: zy ü ß @ 42", "Größe: zy ü ß @ 42");
    }

    /// <summary>An absence check: for 3 s the window does not move (a drift moves it within a second).</summary>
    private void StaysAt(XWindow window, XRect bounds, string where)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < end)
        {
            XRect now = _rig.Screen.RootBounds(window);
            Assert.True(now == bounds, $"the window left {where}: {bounds}, now {now}{_rig.Explain("web", BrowserPage.Log)}");
            Thread.Sleep(100);
        }
    }

    private void WaitUntilAt(XWindow window, XRect bounds)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        XRect now;
        while ((now = _rig.Screen.RootBounds(window)) != bounds)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the window never reached {bounds}: it is at {now}{_rig.Explain("web", BrowserPage.Log)}");
            Thread.Sleep(50);
        }
    }
}
