using System.Text.RegularExpressions;
using GuiVirt.GuiDaemon.Control;

namespace GuiVirt.Cli.Selftest;

/// <summary>Input isolation (4) and clipboard isolation (5), with the real hotkeys pressed on the host.</summary>
internal sealed partial class SelftestRun
{
    private const string Typed = "isolation";

    /// <summary>The XInput2 events of a device's keys and pointer, as `xinput test-xi2` names them.</summary>
    [GeneratedRegex(@"^EVENT type \d+ \((?:Raw)?(?:KeyPress|KeyRelease|ButtonPress|ButtonRelease|Motion|TouchBegin|TouchUpdate|TouchEnd)\)", RegexOptions.Multiline)]
    private static partial Regex InputEvent();

    [GeneratedRegex(@"^EVENT type \d+ \(RawKeyPress\)", RegexOptions.Multiline)]
    private static partial Regex RawKeyPress();

    [GeneratedRegex(@"^EVENT type \d+ \((?:Raw)?Motion\)", RegexOptions.Multiline)]
    private static partial Regex PointerMotion();

    [GeneratedRegex(@"^(?:key|button|motion) ", RegexOptions.Multiline)]
    private static partial Regex AppInput();

    [GeneratedRegex(@"^key press .* text=(\S+)", RegexOptions.Multiline)]
    private static partial Regex KeyText();

    /// <summary>
    /// 4. Each qube's X server gets a logger of every key and pointer event it can observe (XInput2
    /// on its root, raw events included). Keys typed into alpha's window and pointer motion over it
    /// must show up in alpha and nowhere in beta.
    /// </summary>
    private void CheckInput()
    {
        (int alphaX, int alphaY) = (AlphaWindow.X + 200, AlphaWindow.Y + 150);
        int betaAppBefore = 0, alphaFrom = 0, betaFrom = 0;
        bool listening = false;
        _report.Check("4 input isolation", "each qube's event logger listens (it logged the qube's own pointer move)", () =>
        {
            HostInput.Click(_rig.Screen, alphaX, alphaY); // focus alpha first: beta may see its focus leave, which is not input
            betaAppBefore = _rig.ReadQubeFile("beta", "beta-app.log").Length;
            (alphaFrom, betaFrom) = (StartEventLogger("alpha"), StartEventLogger("beta"));
            listening = true;
            return Outcome.Expect(true, "xinput test-xi2 --root in alpha and in beta");
        });
        if (!listening)
        {
            foreach (string check in (string[])["keys reach alpha's app", "alpha's X server saw the input", "beta got no key", "beta got no pointer event"])
            {
                _report.NotRun("4 input isolation", check, "no event logger");
            }

            return;
        }

        HostInput.Type(_rig.Screen, Typed);
        foreach ((int dx, int dy) in (ReadOnlySpan<(int, int)>)[(-100, -80), (-50, 40), (60, -20), (120, 90)])
        {
            _rig.Screen.FakeMotion(alphaX + dx, alphaY + dy);
            _rig.Screen.Sync();
            Thread.Sleep(20);
        }

        string AlphaTyped() => string.Concat(KeyText().Matches(_rig.ReadQubeFile("alpha", "alpha-app.log")).Select(m => m.Groups[1].Value));
        try
        {
            Wait.Until(() => AlphaTyped().EndsWith(Typed, StringComparison.Ordinal), 10, "the typed keys in alpha's app");
        }
        catch (TimeoutException)
        {
            // reported by the check below
        }

        Thread.Sleep(1000); // anything that would leak to beta has had its time

        string alphaEvents = _rig.ReadQubeFile("alpha", "xi2.log")[alphaFrom..], betaEvents = _rig.ReadQubeFile("beta", "xi2.log")[betaFrom..];
        string betaApp = _rig.ReadQubeFile("beta", "beta-app.log")[betaAppBefore..];
        _report.Check("4 input isolation", $"keys typed into alpha's window reach alpha's app", () =>
        {
            string typed = AlphaTyped();
            return Outcome.Expect(typed.EndsWith(Typed, StringComparison.Ordinal), $"typed \"{Typed}\", alpha's app got \"{typed}\"");
        });
        _report.Check("4 input isolation", "alpha's X server saw the keys and the motion (its event logger works)", () =>
        {
            int keys = RawKeyPress().Count(alphaEvents), motion = PointerMotion().Count(alphaEvents);
            return Outcome.Expect(keys >= Typed.Length && motion > 0, $"{keys} raw key presses, {motion} motion events");
        });
        _report.Check("4 input isolation", "beta's X server got no key from alpha's window", () =>
        {
            int events = InputEvent().Matches(betaEvents).Count(m => m.Value.Contains("Key", StringComparison.Ordinal));
            int appEvents = AppInput().Matches(betaApp).Count(m => m.Value.StartsWith("key", StringComparison.Ordinal));
            return Outcome.Expect(events == 0 && appEvents == 0, $"{events} key events in beta's logger, {appEvents} in beta's app");
        });
        _report.Check("4 input isolation", "beta's X server got no pointer event from motion over alpha", () =>
        {
            int events = InputEvent().Matches(betaEvents).Count(m => !m.Value.Contains("Key", StringComparison.Ordinal));
            int appEvents = AppInput().Matches(betaApp).Count(m => !m.Value.StartsWith("key", StringComparison.Ordinal));
            return Outcome.Expect(events == 0 && appEvents == 0, $"{events} pointer events in beta's logger, {appEvents} in beta's app");
        });
    }

    /// <summary>
    /// Starts `xinput test-xi2 --root` in the qube and proves it is listening: the qube moves its own
    /// pointer (xdotool, one move at a time, in one script) until the logger has logged it. Returns
    /// where the log goes on from there.
    /// </summary>
    private int StartEventLogger(string qube)
    {
        string log = $"{SelftestRig.InsideFolder}/xi2.log";
        _rig.Daemon.Run(qube, "sh", "-c", $"exec stdbuf -oL xinput test-xi2 --root > {log} 2>&1");
        const string Nudge = """
            moves=0
            until grep -q 'Motion)' "$1" 2>/dev/null || [ "$moves" -ge 300 ]; do
                moves=$((moves + 1))
                xdotool mousemove 5 $((moves % 2))
                sleep 0.1
            done
            echo "$moves"
            """;
        string moves = System.Text.Encoding.ASCII.GetString(_rig.RunForResult(qube, "logger-ready.txt", Nudge, log)).Trim();
        if (!PointerMotion().IsMatch(_rig.ReadQubeFile(qube, "xi2.log")))
        {
            throw new TimeoutException($"{qube}'s event logger logged none of its own {moves} pointer moves");
        }

        Thread.Sleep(300); // the last move's events are all written
        return _rig.ReadQubeFile(qube, "xi2.log").Length;
    }

    /// <summary>
    /// 5. Alpha's app owns its clipboard with a secret line. Beta must not get it by reading its own
    /// clipboard, by the paste hotkey alone, or by the copy hotkey in alpha alone; only copy in
    /// alpha and then paste in beta deliver it, and the daemon's copy is gone after the paste.
    /// </summary>
    private void CheckClipboard()
    {
        string secret = $"selftest-secret-{Guid.NewGuid():N}";
        (int alphaX, int alphaY) = (AlphaWindow.X + 200, AlphaWindow.Y + 150);
        (int betaX, int betaY) = (BetaWindow.X + 200, BetaWindow.Y + 150);
        int reads = 0;
        string BetaClipboard() =>
            System.Text.Encoding.UTF8.GetString(_rig.RunForResult("beta", $"clipboard-{++reads}.txt", "xclip -selection clipboard -o 2>/dev/null || true"));
        string Held() => _rig.Daemon.Send(new ControlRequest("clipboard")).Message;

        _report.Check("5 clipboard isolation", "beta cannot read alpha's clipboard by itself", () =>
        {
            _rig.StartPatternApp("alpha", "--clipboard-set", secret, "--log", $"{SelftestRig.InsideFolder}/clipboard-owner.log");
            Wait.Until(() => _rig.ReadQubeFile("alpha", "clipboard-owner.log").Contains("ready ", StringComparison.Ordinal), 20, "alpha's app to own its clipboard");
            string seen = BetaClipboard();
            return Outcome.Expect(!seen.Contains(secret, StringComparison.Ordinal), $"alpha owns its clipboard; beta's reads \"{seen}\"");
        });
        _report.Check("5 clipboard isolation", "Ctrl+Shift+V in beta before any copy gives beta nothing", () =>
        {
            HostInput.PressHotkey(_rig.Screen, betaX, betaY, "v");
            // The daemon has handled the hotkey once it has audited the refused paste.
            Wait.Until(() => File.Exists(_rig.AuditLog) && File.ReadLines(_rig.AuditLog).Any(line =>
                line.Contains("\"action\":\"paste\"", StringComparison.Ordinal) && line.Contains("\"target\":\"beta\"", StringComparison.Ordinal) && line.Contains("\"result\":\"empty\"", StringComparison.Ordinal)), 10, "the daemon to refuse the paste");
            string seen = BetaClipboard();
            return Outcome.Expect(!seen.Contains(secret, StringComparison.Ordinal), $"daemon: {Held()}; beta's clipboard reads \"{seen}\"");
        });
        _report.Check("5 clipboard isolation", "Ctrl+Shift+C in alpha alone gives beta nothing", () =>
        {
            HostInput.PressHotkey(_rig.Screen, alphaX, alphaY, "c");
            Wait.Until(() => Held().Contains("from alpha", StringComparison.Ordinal), 10, "the daemon to hold alpha's copy");
            string seen = BetaClipboard();
            return Outcome.Expect(!seen.Contains(secret, StringComparison.Ordinal), $"daemon: {Held()}; beta's clipboard reads \"{seen}\"");
        });
        _report.Check("5 clipboard isolation", "then Ctrl+Shift+V in beta delivers it to beta", () =>
        {
            HostInput.PressHotkey(_rig.Screen, betaX, betaY, "v");
            string seen = "";
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (seen != secret && DateTime.UtcNow < deadline)
            {
                seen = BetaClipboard();
            }

            return Outcome.Expect(seen == secret, $"beta's clipboard reads \"{seen}\"");
        });
        _report.Check("5 clipboard isolation", "after the paste the daemon's copy is wiped and the host clipboard never held it", () =>
        {
            string held = Held();
            bool hostOwned = !_rig.Screen.GetSelectionOwner(_rig.Screen.Atom("CLIPBOARD")).IsNone;
            return Outcome.Expect(held == "the clipboard is empty" && !hostOwned, $"daemon: {held}; host CLIPBOARD owner: {(hostOwned ? "someone" : "none")}");
        });
    }
}
