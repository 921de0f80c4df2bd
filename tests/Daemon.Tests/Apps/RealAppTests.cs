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
    private const int DrawnColours = BrowserPage.DrawnColours;

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
        _rig.Run("web", "green", BrowserPage.FirefoxCommand(_rig.HomeOf("web")));
        TypeIntoThePage("Typed into Firefox: Hello, Qube! 42");
    }

    [Fact]
    public void ChromiumTakesTypedTextIntoAPageField()
    {
        BrowserPage.Write(_rig.HomeOf("web"));
        // Chromium's own sandbox needs new user namespaces, which the qube's system-call filter
        // refuses (docs/security.md, section 8): in a qube it runs with --no-sandbox, and the qube
        // is its sandbox. Without the flag it starts no window at all.
        _rig.Run("web", "orange", "sh", "-c", $"""
            exec chromium --no-sandbox --user-data-dir=/tmp/chromium --disable-gpu --no-first-run --no-default-browser-check \
                --disable-background-networking --disable-component-update --disable-sync \
                file:///home/user/page.html >/home/user/{BrowserPage.Log} 2>&1
            """);

        TypeIntoThePage("Typed into Chromium: Hello, Qube! 42");
    }

    /// <summary>Waits for the browser's page, clicks into its field, types and reads the field back from the host window's title.</summary>
    private void TypeIntoThePage(string text)
    {
        (_, XRect bounds, int colours) = BrowserPage.WaitUntilDrawn(_rig, "web");
        Shown(bounds, colours);
        BrowserPage.Type(_rig, "web", bounds, text, text);
        Arrived();
    }

    private void Shown(XRect bounds, int colours) =>
        output.WriteLine($"{_clock.Elapsed.TotalSeconds:F1} s: the window is on the host at {bounds} with {colours} colours");

    private void Arrived() => output.WriteLine($"{_clock.Elapsed.TotalSeconds:F1} s: the app has the typed text");
}
