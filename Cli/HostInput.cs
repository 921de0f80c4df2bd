using GuiVirt.X11;

namespace GuiVirt.Cli;

/// <summary>A person at the host display, played with XTEST: the same path real input takes.</summary>
internal static class HostInput
{
    /// <summary>How long a click may take to focus the window: the daemon (no window manager) or the window manager gives the focus.</summary>
    private static readonly TimeSpan FocusTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Moves the pointer to (x, y) and clicks button 1 there, then waits until that window has the
    /// keyboard focus: a qube's window gets keys only once the user's click has focused it.
    /// </summary>
    public static void Click(XDisplay host, int x, int y)
    {
        host.FakeMotion(x, y);
        host.FakeButton(1, press: true);
        host.FakeButton(1, press: false);
        host.Sync();
        DateTime deadline = DateTime.UtcNow + FocusTimeout;
        while (!host.FocusIsUnderPointer() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20); // polled: the checks after a click tell whether the keys arrived
        }
    }

    /// <summary>Clicks into the window at (x, y), then presses Ctrl+Shift+<paramref name="key"/>.</summary>
    public static void PressHotkey(XDisplay host, int x, int y, string key)
    {
        uint control = host.KeycodeOf("Control_L"), shift = host.KeycodeOf("Shift_L"), letter = host.KeycodeOf(key);
        Click(host, x, y);
        host.FakeKey(control, press: true);
        host.FakeKey(shift, press: true);
        host.FakeKey(letter, press: true);
        host.FakeKey(letter, press: false);
        host.FakeKey(shift, press: false);
        host.FakeKey(control, press: false);
        host.Sync();
    }

    /// <summary>Types lower-case letters, one press and release each, into whatever has the focus.</summary>
    public static void Type(XDisplay host, string letters)
    {
        foreach (char letter in letters)
        {
            uint keycode = host.KeycodeOf(letter.ToString());
            host.FakeKey(keycode, press: true);
            host.FakeKey(keycode, press: false);
        }

        host.Sync();
    }
}
