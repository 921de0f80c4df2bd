using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// A page that is one big text field and writes what it holds into the page's title, between
/// brackets; the browser puts the title in its window's, which the host shows after `[qube] `.
/// So what was typed is read back on the host, and nothing added or lost at either end goes unseen.
/// </summary>
internal static class BrowserPage
{
    /// <summary>Antialiased text and toolkit widgets give far more; a blank or only framed window has one or two.</summary>
    public const int DrawnColours = 16;

    public const uint HeadingColour = 0x204a87, FieldBorderColour = 0x4e9a06;

    /// <summary>The browser's log, in the qube's home.</summary>
    public const string Log = "browser.log";

    /// <summary>Writes page.html into the qube's home (on the host side, before the qube starts).</summary>
    public static void Write(string home) => File.WriteAllText(Path.Combine(home, "page.html"), $$"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>ready</title>
        <style>
          html, body { margin: 0; height: 100%; background: #fff4d6; }
          h1 { margin: 0; height: 64px; padding: 12px; box-sizing: border-box; background: #{{HeadingColour:x6}}; color: white; font: bold 32px sans-serif; }
          input { box-sizing: border-box; width: 100%; height: calc(100% - 64px); border: 6px solid #{{FieldBorderColour:x6}}; font: 40px sans-serif; }
        </style></head>
        <body><h1>GuiVirt: type here</h1><input autofocus oninput="document.title = 'typed:[' + this.value + ']'"></body></html>
        """);

    /// <summary>
    /// The page and a Firefox profile of its own in the qube's /tmp, without the first-run tabs
    /// (which would try the network the qube does not have): the command that opens it.
    /// </summary>
    public static string[] FirefoxCommand(string home)
    {
        Write(home);
        File.WriteAllText(Path.Combine(home, "user.js"), """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("browser.startup.homepage_override.mstone", "ignore");
            user_pref("startup.homepage_welcome_url", "");
            user_pref("browser.aboutwelcome.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);

            """);
        return ["sh", "-c", $"""
            mkdir -p /tmp/firefox && cp /home/user/user.js /tmp/firefox/ &&
            exec firefox-esr --no-remote --profile /tmp/firefox file:///home/user/page.html >/home/user/{Log} 2>&1
            """];
    }

    /// <summary>Waits until the browser's window is on the host with the page drawn in it; returns the window and its colour count.</summary>
    public static (XWindow Window, XRect Bounds, int Colours) WaitUntilDrawn(AppRig rig, string qube)
    {
        (XWindow window, XRect bounds, _) = rig.WaitForWindow(qube, t => t.StartsWith("ready ", StringComparison.Ordinal), "of the browser with the page loaded", Log);
        int colours = rig.WaitForDrawnContent(bounds, DrawnColours, qube, Log);
        // The title comes before the page is laid out: keys typed then would find no field. The
        // heading's and the field's colours on the host show that the page is drawn.
        rig.WaitForColours(bounds, [HeadingColour, FieldBorderColour], qube, Log);
        return (window, bounds, colours);
    }

    /// <summary>Clicks into the field (the middle of the window: the field fills the page below its heading), types and waits for the title.</summary>
    public static void Type(AppRig rig, string qube, XRect bounds, string typed, string expected)
    {
        rig.ClickAt(bounds.X + (bounds.Width / 2), bounds.Y + (bounds.Height / 2));
        rig.Type(typed);
        string title = $"typed:[{expected}]";
        rig.WaitForWindow(qube, t => t.StartsWith(title, StringComparison.Ordinal), $"titled '[{qube}] {title} ...'", Log, seconds: 30);
    }
}
