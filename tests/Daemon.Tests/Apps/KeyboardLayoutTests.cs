using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// The host's keyboard layout reaches the qube: a German host keyboard types German characters
/// into a GTK entry (zenity) in a real sandboxed qube, whose own X server starts with the US
/// layout. Without KEYBOARD_LAYOUT the key labelled z on a German keyboard (the US y key) types
/// y there, ü types [, and AltGr+q types q instead of @. Characters the layout lacks (é) are
/// typed by xdotool through a keycode it remaps on the host at run time: without KEYSYMS the
/// qube gets a keycode that means nothing there.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class KeyboardLayoutTests : IDisposable
{
    private readonly AppRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AGermanHostLayoutTypesGermanCharactersInTheQube()
    {
        (XRect bounds, string entered) = Entry("kbd", () =>
        {
            _rig.HostTool("setxkbmap", "de"); // changed while the qube runs: the daemon follows the host
            // The German keys by name: xdotool finds each on the German map (AltGr+q for @).
            _rig.HostTool("xdotool", "key", "--delay", "40", "z", "space", "y", "space", "udiaeresis", "space", "ssharp", "space", "at");
        });
        Assert.Equal("z y ü ß @\n", entered);
    }

    [Fact]
    public void CharactersTheLayoutLacksArriveThroughRemappedKeycodes()
    {
        _rig.HostTool("setxkbmap", "de"); // before the qube starts: the daemon sends the layout when the agent connects
        (_, string entered) = Entry("remap", () => _rig.Type("é€ß")); // é is on no key of the German layout: xdotool remaps a spare keycode for it
        Assert.True(entered == "é€ß\n", $"zenity got \"{entered}\"{_rig.Explain("remap", "zenity.log")}");
    }

    /// <summary>Starts a zenity entry in qube <paramref name="qube"/>, clicks it, runs <paramref name="type"/>, presses Return and returns what zenity printed.</summary>
    private (XRect Bounds, string Entered) Entry(string qube, Action type)
    {
        string home = _rig.HomeOf(qube);
        _rig.Run(qube, "blue", "sh", "-c", """
            LANG=C.UTF-8 zenity --entry --title 'GuiVirt keys' --text 'Type here' >/home/user/entered.part 2>/home/user/zenity.log
            mv /home/user/entered.part /home/user/entered
            """);
        (_, XRect bounds, _) = _rig.WaitForWindow(qube, t => t == "GuiVirt keys", "titled 'GuiVirt keys'", "zenity.log");
        _rig.WaitForDrawnContent(bounds, 16, qube, "zenity.log");
        _rig.ClickAt(bounds.X + (bounds.Width / 2), bounds.Y + (bounds.Height / 2)); // the user gives it the keyboard
        type();
        _rig.Key("Return");
        return (bounds, _rig.WaitForFile(Path.Combine(home, "entered"), _ => true, qube, "zenity.log"));
    }
}
