using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
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
    private static readonly (string Qube, string[] Command)[] Apps =
    [
        ("work", ["xterm", "-geometry", "80x20+60+60", "-T", "work terminal", "-e", "sh", "-c", "echo 'This terminal runs in the work qube.'; echo 'It cannot see the host or the personal qube.'; exec sh"]),
        ("work", ["xclock", "-geometry", "220x220+700+60", "-update", "1"]),
        ("personal", ["xterm", "-geometry", "80x20+60+520", "-T", "personal terminal", "-e", "sh", "-c", "echo 'This terminal runs in the personal qube.'; exec sh"]),
        ("personal", ["xlogo", "-geometry", "220x220+700+520"]),
    ];

    public static int Run(string pngPath)
    {
        string runtime = Directory.CreateTempSubdirectory("guivirt-demo-").FullName;
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        HeadlessDisplay? headless = null;
        ChildDaemon? daemon = null;
        try
        {
            if (string.IsNullOrEmpty(display))
            {
                headless = HeadlessDisplay.Start(1920, 1080);
                display = headless.Name;
                Console.WriteLine($"no DISPLAY: started a headless host display {display} (1920x1080)");
            }

            daemon = ChildDaemon.Start(display, runtime, ["--qube", "work:blue", "--qube", "personal:red"]);
            Console.WriteLine("daemon started; qubes: work (blue), personal (red)");
            foreach ((string qube, string[] command) in Apps)
            {
                ControlResponse started = daemon.Run(qube, command);
                Console.WriteLine(started.Ok ? $"  {started.Message}" : $"  failed: {started.Message}");
            }

            if (daemon.WaitForWindows(perQube: 2))
            {
                Thread.Sleep(1500); // let the apps finish their first drawing
            }
            else
            {
                Console.WriteLine("  (not every app showed its window within a minute; the screenshot shows what is there)");
            }

            using (XDisplay host = XDisplay.Open(display))
            {
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
    /// The clipboard step, with the real hotkeys pressed on the host (XTEST): a line copied in the
    /// work qube's terminal window, pasted in the personal qube's, and checked inside personal.
    /// </summary>
    private static void CopyWorkToPersonal(XDisplay host, ChildDaemon daemon)
    {
        const string Line = "Hello from the work qube";
        daemon.Run("work", "sh", "-c", $"printf %s '{Line}' | xclip -selection clipboard -i");
        string pasted = Path.Combine(QubePaths.Home("personal"), "pasted.txt");
        File.Delete(pasted);
        Thread.Sleep(1000); // xclip takes the qube's clipboard

        HostInput.PressHotkey(host, 200, 150, "c");  // in the work terminal (+60+60)
        Thread.Sleep(1000);                // the daemon asks the work qube for its clipboard
        HostInput.PressHotkey(host, 200, 610, "v");  // in the personal terminal (+60+520)
        Thread.Sleep(1000);
        daemon.Run("personal", "sh", "-c", "xclip -selection clipboard -o > \"$HOME/pasted.txt\"");
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !(File.Exists(pasted) && File.ReadAllText(pasted).Length > 0))
        {
            Thread.Sleep(100);
        }

        string arrived = File.Exists(pasted) ? File.ReadAllText(pasted) : "";
        Console.WriteLine(arrived == Line
            ? $"clipboard: copied \"{Line}\" in work with Ctrl+Shift+C, pasted into personal with Ctrl+Shift+V; personal's clipboard now holds it"
            : $"clipboard: the copy from work to personal did not arrive (personal's clipboard holds \"{arrived}\")");
    }
}
