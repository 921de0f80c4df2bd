using System.Text.RegularExpressions;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// A qube is a proper login session for its apps: the user is "user" in the qube's own user
/// database (whatever host user the qube runs as), HOME, SHELL, LANG and a private
/// XDG_RUNTIME_DIR are set, a D-Bus session bus of its own answers, and fontconfig finds a cache.
/// Then a GTK app (zenity) and a Qt app (FeatherPad) start without the warnings a half-made
/// session gives them. Everything runs through `guivirt run` against a real daemon and sandbox.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed partial class QubeSessionTests : IDisposable
{
    private readonly AppRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void TheQubesUserIsUserWithAHomeAShellALanguageAPrivateRuntimeFolderAndASessionBus()
    {
        string home = _rig.HomeOf("s");
        _rig.Run("s", "green", "sh", "-c", """
            {
                echo "user: $(id -un) $(id -gn) $(id -u)"
                echo "home: $HOME $(getent passwd "$(id -un)" | cut -d: -f6)"
                echo "env: $SHELL $XDG_RUNTIME_DIR $LANG $USER $LOGNAME"
                echo "runtime: $(stat -c '%a %U' "$XDG_RUNTIME_DIR")"
                echo "accounts: $(getent passwd | cut -d: -f1 | tr '\n' ' ')"
                echo "bus: $DBUS_SESSION_BUS_ADDRESS"
                dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.ListNames >/dev/null 2>/home/user/dbus-send.log
                echo "dbus-send: $?"
            } > /home/user/session.part 2>&1
            mv /home/user/session.part /home/user/session
            """);

        string session = _rig.WaitForFile(Path.Combine(home, "session"), _ => true, "s", "dbus-send.log", 60);
        Dictionary<string, string> found = session.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

        Assert.Equal("user user 1000", found["user"]);
        Assert.Equal("/home/user /home/user", found["home"]);
        Assert.Matches(@"^/bin/(ba)?sh /run/user/1000 \S+ user user$", found["env"]);
        Assert.Equal("700 user", found["runtime"]);
        // Only the qube's own accounts: no host user is listed inside.
        Assert.Equal("root user nobody ", found["accounts"]);
        Assert.Equal("unix:path=/run/user/1000/bus", found["bus"]);
        Assert.True(found["dbus-send"] == "0", session + _rig.Explain("s", "dbus-send.log"));
    }

    [Fact]
    public void ZenityAGtkAppStartsWithoutSessionWarnings()
    {
        string home = _rig.HomeOf("gtk");
        _rig.Run("gtk", "blue", "sh", "-c", """
            zenity --info --title 'GuiVirt session' --text 'session' 2>/home/user/zenity.log
            """);
        _rig.WaitForWindow("gtk", t => t == "GuiVirt session", "titled '[gtk] GuiVirt session'", "zenity.log");
        // zenity has set up GTK, fonts and accessibility (the session bus) before it maps its window.
        _rig.Run("gtk", "blue", "sh", "-c", "cp /home/user/zenity.log /home/user/zenity.part; mv /home/user/zenity.part /home/user/zenity.done");
        string log = _rig.WaitForFile(Path.Combine(home, "zenity.done"), _ => true, "gtk", "zenity.log");
        AssertNoSessionWarning(log);
    }

    [Fact]
    public void FeatherPadAQtAppStartsWithoutSessionWarnings()
    {
        string home = _rig.HomeOf("qt");
        _rig.Run("qt", "red", "sh", "-c", "exec featherpad /home/user/note.txt >/home/user/featherpad.log 2>&1");
        _rig.WaitForWindow("qt", t => t.Contains("note.txt", StringComparison.Ordinal), "of FeatherPad with note.txt", "featherpad.log");
        _rig.Run("qt", "red", "sh", "-c", "cp /home/user/featherpad.log /home/user/featherpad.part; mv /home/user/featherpad.part /home/user/featherpad.done");
        string log = _rig.WaitForFile(Path.Combine(home, "featherpad.done"), _ => true, "qt", "featherpad.log");
        AssertNoSessionWarning(log);
    }

    /// <summary>What an app says about a session it could not find: no bus, no runtime folder, no font cache.</summary>
    private static void AssertNoSessionWarning(string log)
    {
        string[] warnings = [.. log.Split('\n').Where(line => SessionWarning().IsMatch(line))];
        Assert.True(warnings.Length == 0, $"session warnings:\n{string.Join('\n', warnings)}\nwhole log:\n{log}");
    }

    [GeneratedRegex("dbus|XDG_RUNTIME_DIR|Fontconfig|at-spi|accessibility bus", RegexOptions.IgnoreCase)]
    private static partial Regex SessionWarning();
}
