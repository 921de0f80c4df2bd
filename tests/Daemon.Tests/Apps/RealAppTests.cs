using System.Diagnostics;
using GuiVirt.X11;
using Xunit.Abstractions;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// Real desktop apps from Debian, each started with `guivirt run` in a real sandboxed qube and
/// used from the host as a person would: its window appears on the host with its content drawn,
/// the pointer is moved onto it and text is typed on the host keyboard, and the app is asked what
/// it got (zenity prints the entry, FeatherPad saves the file, a browser puts the field's value in
/// its title). The text mixes capitals, digits, punctuation and shifted symbols, so the Shift state
/// has to cross too; it is ASCII because the qube's keymap is the default US one (keyboard layout
/// sync is separate work).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class RealAppTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Antialiased text and toolkit widgets give far more; a blank or only framed window has one or two.</summary>
    private const int DrawnColours = 16;

    private readonly AppRig _rig = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void ZenityAGtkDialogTakesTypedTextAndPrintsItOnEnter()
    {
        const string text = "Hello, Qube! (gtk_42) ok?";
        string home = _rig.HomeOf("gtk");
        _rig.Run("gtk", "blue", "sh", "-c", """
            zenity --entry --title 'GuiVirt entry' --text 'Type here' >/home/user/entered.part 2>/home/user/zenity.log
            echo "exit $?" >>/home/user/entered.part
            mv /home/user/entered.part /home/user/entered
            """);

        (_, XRect bounds, _) = _rig.WaitForWindow("gtk", t => t == "GuiVirt entry", "titled '[gtk] GuiVirt entry'", "zenity.log");
        Shown(bounds, _rig.WaitForDrawnContent(bounds, DrawnColours, "gtk", "zenity.log"));
        // The dialog's entry has the keyboard focus from the start: focusing the dialog's host
        // window (a click on its frame) aims the keys at it.
        _rig.Focus(bounds);
        _rig.Type(text);
        _rig.Key("Return");

        string entered = _rig.WaitForFile(Path.Combine(home, "entered"), _ => true, "gtk", "zenity.log");
        Arrived();
        Assert.Equal($"{text}\nexit 0\n", entered);
        _rig.WaitUntilGone("[gtk] GuiVirt entry", "gtk", "zenity.log"); // zenity has exited: its window leaves the host
    }

    [Fact]
    public void FeatherPadAQtEditorTakesTypedTextAndSavesIt()
    {
        const string text = "Typed into Qt: Hello, Qube! #42 [ok]";
        string note = Path.Combine(_rig.HomeOf("qt"), "note.txt");
        File.WriteAllText(note, "");
        _rig.Run("qt", "red", "sh", "-c", "exec featherpad /home/user/note.txt >/home/user/featherpad.log 2>&1");

        (_, XRect bounds, _) = _rig.WaitForWindow("qt", t => t.Contains("note.txt", StringComparison.Ordinal), "of FeatherPad with note.txt", "featherpad.log");
        Shown(bounds, _rig.WaitForDrawnContent(bounds, DrawnColours, "qt", "featherpad.log"));
        // The middle of the window is the text area: a click there puts the cursor in it.
        _rig.ClickAt(bounds.X + (bounds.Width / 2), bounds.Y + (bounds.Height / 2));
        _rig.Type(text);
        _rig.Key("ctrl+s");

        string saved = _rig.WaitForFile(note, t => t.Length > 0, "qt", "featherpad.log");
        Arrived();
        Assert.Equal(text + "\n", saved); // FeatherPad ends a saved file with a newline
    }

    [Fact]
    public void FirefoxTakesTypedTextIntoAPageField()
    {
        string home = _rig.HomeOf("web");
        WritePage(home);
        // A profile of its own in the qube's /tmp, without the first-run tabs (which would try the
        // network the qube does not have).
        File.WriteAllText(Path.Combine(home, "user.js"), """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("startup.homepage_welcome_url", "");
            user_pref("browser.aboutwelcome.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);

            """);
        _rig.Run("web", "green", "sh", "-c", """
            mkdir -p /tmp/firefox && cp /home/user/user.js /tmp/firefox/ &&
            exec firefox-esr --no-remote --profile /tmp/firefox file:///home/user/page.html >/home/user/browser.log 2>&1
            """);

        TypeIntoThePage("Typed into Firefox: Hello, Qube! 42");
    }

    [Fact]
    public void ChromiumTakesTypedTextIntoAPageField()
    {
        WritePage(_rig.HomeOf("web"));
        // Chromium's own sandbox needs new user namespaces, which the qube's system-call filter
        // refuses (docs/security.md, section 8): in a qube it runs with --no-sandbox, and the qube
        // is its sandbox. Without the flag it starts no window at all.
        _rig.Run("web", "orange", "sh", "-c", """
            exec chromium --no-sandbox --user-data-dir=/tmp/chromium --disable-gpu --no-first-run --no-default-browser-check \
                --disable-background-networking --disable-component-update --disable-sync \
                file:///home/user/page.html >/home/user/browser.log 2>&1
            """);

        TypeIntoThePage("Typed into Chromium: Hello, Qube! 42");
    }

    private const uint HeadingColour = 0x204a87, FieldBorderColour = 0x4e9a06;

    /// <summary>A page that is one big text field, which writes what it holds into the page's title, between brackets.</summary>
    private static void WritePage(string home) => File.WriteAllText(Path.Combine(home, "page.html"), $$"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>ready</title>
        <style>
          html, body { margin: 0; height: 100%; background: #fff4d6; }
          h1 { margin: 0; height: 64px; padding: 12px; box-sizing: border-box; background: #{{HeadingColour:x6}}; color: white; font: bold 32px sans-serif; }
          input { box-sizing: border-box; width: 100%; height: calc(100% - 64px); border: 6px solid #{{FieldBorderColour:x6}}; font: 40px sans-serif; }
        </style></head>
        <body><h1>GuiVirt: type here</h1><input autofocus oninput="document.title = 'typed:[' + this.value + ']'"></body></html>
        """);

    /// <summary>Waits for the browser's page, clicks into its field, types and reads the field back from the host window's title.</summary>
    private void TypeIntoThePage(string text)
    {
        (_, XRect bounds, _) = _rig.WaitForWindow("web", t => t.StartsWith("ready ", StringComparison.Ordinal), "of the browser with the page loaded", "browser.log");
        Shown(bounds, _rig.WaitForDrawnContent(bounds, DrawnColours, "web", "browser.log"));
        // The title comes before the page is laid out: keys typed then would find no field. The
        // heading's and the field's colours on the host show that the page is drawn.
        _rig.WaitForColours(bounds, [HeadingColour, FieldBorderColour], "web", "browser.log");
        // The field fills the page below its heading, and the page fills the window below the
        // browser's toolbars: the middle of the window is in the field.
        _rig.ClickAt(bounds.X + (bounds.Width / 2), bounds.Y + (bounds.Height / 2));
        _rig.Type(text);

        // The title is the qube's text, shown after the daemon's prefix; the brackets show that
        // nothing was added or lost at either end.
        string expected = $"typed:[{text}]";
        _rig.WaitForWindow("web", t => t.StartsWith(expected, StringComparison.Ordinal), $"titled '[web] {expected} ...'", "browser.log", seconds: 30);
        Arrived();
    }

    private void Shown(XRect bounds, int colours) =>
        output.WriteLine($"{_clock.Elapsed.TotalSeconds:F1} s: the window is on the host at {bounds} with {colours} colours");

    private void Arrived() => output.WriteLine($"{_clock.Elapsed.TotalSeconds:F1} s: the app has the typed text");
}
