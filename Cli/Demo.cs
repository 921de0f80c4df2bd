using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.Headless;
using GuiVirt.X11;

namespace GuiVirt.Cli;

/// <summary>
/// `guivirt demo`, the main job on a fresh machine: a daemon and two sandboxed qubes, work (blue)
/// and personal (red), with real apps; a PNG of the host screen. Without a display it brings its
/// own headless host X server and ends after the screenshot; with one, the windows stay on the
/// user's desktop until Ctrl+C.
/// </summary>
internal static class Demo
{
    private const string Line = "Hello from the work qube";

    /// <summary>The apps, each with where it asks to be (its top-left corner, as in its -geometry).</summary>
    private static readonly (string Qube, int X, int Y, string[] Command)[] Apps =
    [
        ("work", 60, 60, ["xterm", "-geometry", "80x20+60+60", "-T", "work terminal", "-e", "sh", "-c", "echo 'This terminal runs in the work qube.'; echo 'It cannot see the host or the personal qube.'; exec sh"]),
        ("work", 700, 60, ["xclock", "-geometry", "220x220+700+60", "-update", "1"]),
        ("personal", 60, 520, ["xterm", "-geometry", "80x20+60+520", "-T", "personal terminal", "-e", "sh", "-c", "echo 'This terminal runs in the personal qube.'; exec sh"]),
        ("personal", 700, 520, ["xlogo", "-geometry", "220x220+700+520"]),
    ];

    public static int Run(string pngPath)
    {
        string runtime = Directory.CreateTempSubdirectory("guivirt-demo-").FullName;
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        XvfbServer? headless = null;
        ChildDaemon? daemon = null;
        try
        {
            if (string.IsNullOrEmpty(display))
            {
                headless = HeadlessDisplay.Start(1920, 1080);
                display = headless.Display;
                Console.WriteLine($"no DISPLAY: started a headless host display {display} (1920x1080)");
            }

            daemon = ChildDaemon.Start(display, runtime, ["--qube", "work:blue", "--qube", "personal:red"]);
            Console.WriteLine("daemon started; qubes: work (blue), personal (red)");
            foreach ((string qube, _, _, string[] command) in Apps)
            {
                ControlResponse started = daemon.Run(qube, command);
                Console.WriteLine(started.Ok ? $"  {started.Message}" : $"  failed: {started.Message}");
            }

            using (XDisplay host = XDisplay.Open(display))
            {
                if (!daemon.WaitForWindows(perQube: 2) || !WaitUntilDrawn(host))
                {
                    Console.WriteLine("  (not every app showed its window within a minute; the screenshot shows what is there)");
                }

                CopyWorkToPersonal(host, daemon);
                Screenshot.Save(host, pngPath);
            }

            foreach (QubeStatus qube in daemon.Qubes())
            {
                Console.WriteLine($"  qube {qube.Name} ({qube.Label}): {qube.State}, {qube.Windows} windows");
            }

            Console.WriteLine($"wrote {Path.GetFullPath(pngPath)}");
            if (headless is null)
            {
                Console.WriteLine("the qubes' windows are on your desktop; press Ctrl+C to end the demo");
                using var done = new ManualResetEventSlim();
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    done.Set();
                };
                done.Wait();
            }

            return 0;
        }
        finally
        {
            daemon?.Dispose();
            headless?.Dispose();
            Directory.Delete(runtime, recursive: true);
        }
    }

    /// <summary>
    /// Waits until every app has drawn: a host window is black until the qube's first picture
    /// arrives, and each app's corner is white once it has drawn (the apps' default background).
    /// False after 15 s (say, where a window manager placed the windows elsewhere).
    /// </summary>
    private static bool WaitUntilDrawn(XDisplay host) => Poll(TimeSpan.FromSeconds(15), () => Apps.All(app =>
        host.TryGetImage(host.Root, new XRect(app.X + 1, app.Y + 1, 1, 1)) is { } pixel && (BitConverter.ToUInt32(pixel) & 0x00FF_FFFF) != 0));

    /// <summary>
    /// The clipboard step, with the real hotkeys pressed on the host (XTEST): a line copied in the
    /// work qube's terminal window, pasted in the personal qube's, and checked inside personal.
    /// Each step waits for its effect, as the daemon reports it (`guivirt clipboard`), not for time.
    /// </summary>
    private static void CopyWorkToPersonal(XDisplay host, ChildDaemon daemon)
    {
        daemon.Run("work", "sh", "-c", $"printf %s '{Line}' | xclip -selection clipboard -i");
        string pasted = Path.Combine(QubePaths.Home("personal"), "pasted.txt");
        File.Delete(pasted);

        // Ctrl+Shift+C in the work terminal (+60+60) until the daemon holds work's clipboard: at the
        // first press xclip may not have taken the qube's clipboard yet (then nothing is copied).
        bool copied = Poll(TimeSpan.FromSeconds(20), () =>
        {
            HostInput.PressHotkey(host, 200, 150, "c");
            return Poll(TimeSpan.FromSeconds(2), () => ClipboardState(daemon).Contains("copied from work", StringComparison.Ordinal));
        });

        // Ctrl+Shift+V in the personal terminal (+60+520): the daemon wipes its copy once it has
        // sent it to personal, whose agent then serves it to personal's apps.
        bool sent = copied && Poll(TimeSpan.FromSeconds(10), () =>
        {
            HostInput.PressHotkey(host, 200, 610, "v");
            return Poll(TimeSpan.FromSeconds(2), () => ClipboardState(daemon) == "the clipboard is empty");
        });
        if (sent)
        {
            // Read inside personal until its agent serves the text (it takes the clipboard as the paste arrives).
            daemon.Run("personal", "sh", "-c", "for i in $(seq 100); do xclip -selection clipboard -o > \"$HOME/pasted.part\" 2>/dev/null && [ -s \"$HOME/pasted.part\" ] && break; sleep 0.1; done; mv \"$HOME/pasted.part\" \"$HOME/pasted.txt\"");
            Poll(TimeSpan.FromSeconds(20), () => File.Exists(pasted));
        }

        string arrived = File.Exists(pasted) ? File.ReadAllText(pasted) : "";
        Console.WriteLine(arrived == Line
            ? $"clipboard: copied \"{Line}\" in work with Ctrl+Shift+C, pasted into personal with Ctrl+Shift+V; personal's clipboard now holds it"
            : $"clipboard: the copy from work to personal did not arrive ({(copied ? sent ? $"personal's clipboard holds \"{arrived}\"" : "the paste was not taken" : "nothing was copied from work")})");
    }

    /// <summary>What the daemon says its clipboard holds (never the text itself).</summary>
    private static string ClipboardState(ChildDaemon daemon) => daemon.Send(new ControlRequest("clipboard")).Message;

    /// <summary>Tries <paramref name="condition"/> every 100 ms until it holds (true) or the time is up (false).</summary>
    private static bool Poll(TimeSpan timeout, Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }
}
