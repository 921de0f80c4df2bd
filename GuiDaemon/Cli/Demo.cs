using System.Diagnostics;
using System.Globalization;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Cli;

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
        Process? headless = null;
        Process? daemon = null;
        try
        {
            if (string.IsNullOrEmpty(display))
            {
                (headless, display) = StartHeadlessDisplay();
                Console.WriteLine($"no DISPLAY: started a headless host display {display} (1920x1080)");
            }

            daemon = StartDaemon(display, runtime);
            WaitForControl(runtime, daemon);
            Console.WriteLine("daemon started; qubes: work (blue), personal (red)");
            foreach ((string qube, string[] command) in Apps)
            {
                ControlResponse started = ControlClient.Send(runtime, new ControlRequest("run", qube, null, command), TimeSpan.FromSeconds(60));
                Console.WriteLine(started.Ok ? $"  {started.Message}" : $"  failed: {started.Message}");
            }

            WaitForWindows(runtime, perQube: 2);
            using (XDisplay host = XDisplay.Open(display))
            {
                CopyWorkToPersonal(host, runtime);
                Screenshot.Save(host, pngPath);
            }

            foreach (QubeStatus qube in ControlClient.Send(runtime, new ControlRequest("ls"), TimeSpan.FromSeconds(10)).Qubes ?? [])
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
            Stop(daemon);
            Stop(headless);
            Directory.Delete(runtime, recursive: true);
        }
    }

    /// <summary>
    /// The clipboard step, with the real hotkeys pressed on the host (XTEST): a line copied in the
    /// work qube's terminal window, pasted in the personal qube's, and checked inside personal.
    /// </summary>
    private static void CopyWorkToPersonal(XDisplay host, string runtime)
    {
        const string Line = "Hello from the work qube";
        ControlClient.Send(runtime, new ControlRequest("run", "work", null, ["sh", "-c", $"printf %s '{Line}' | xclip -selection clipboard -i"]), TimeSpan.FromSeconds(10));
        string pasted = Path.Combine(Sandbox.QubePaths.Home("personal"), "pasted.txt");
        File.Delete(pasted);
        Thread.Sleep(1000); // xclip takes the qube's clipboard

        PressHotkey(host, 200, 150, "c");  // in the work terminal (+60+60)
        Thread.Sleep(1000);                // the daemon asks the work qube for its clipboard
        PressHotkey(host, 200, 610, "v");  // in the personal terminal (+60+520)
        Thread.Sleep(1000);
        ControlClient.Send(runtime, new ControlRequest("run", "personal", null, ["sh", "-c", "xclip -selection clipboard -o > \"$HOME/pasted.txt\""]), TimeSpan.FromSeconds(10));
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

    /// <summary>Click into the window at (x, y) (focus, with any window manager), then Ctrl+Shift+key.</summary>
    private static void PressHotkey(XDisplay host, int x, int y, string key)
    {
        uint control = host.KeycodeOf("Control_L"), shift = host.KeycodeOf("Shift_L"), letter = host.KeycodeOf(key);
        host.FakeMotion(x, y);
        host.FakeButton(1, press: true);
        host.FakeButton(1, press: false);
        host.FakeKey(control, press: true);
        host.FakeKey(shift, press: true);
        host.FakeKey(letter, press: true);
        host.FakeKey(letter, press: false);
        host.FakeKey(shift, press: false);
        host.FakeKey(control, press: false);
        host.Sync();
    }

    private static (Process, string) StartHeadlessDisplay()
    {
        for (int number = 90; number < 200; number++)
        {
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                continue;
            }

            var start = new ProcessStartInfo(FindTool("Xvfb", "xvfb")) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string argument in (string[])[$":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp", "-noreset"])
            {
                start.ArgumentList.Add(argument);
            }

            Process xvfb = Process.Start(start)!;
            xvfb.ErrorDataReceived += (_, _) => { };
            xvfb.BeginErrorReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && !xvfb.HasExited)
            {
                if (File.Exists($"/tmp/.X11-unix/X{number}"))
                {
                    Thread.Sleep(200);
                    return (xvfb, ":" + number.ToString(CultureInfo.InvariantCulture));
                }

                Thread.Sleep(50);
            }

            Stop(xvfb);
        }

        throw new ControlException("could not start a headless X server (Xvfb)");
    }

    private static Process StartDaemon(string display, string runtime)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Demo).Assembly.Location);
        }

        foreach (string argument in (string[])["daemon", "--display", display, "--socket-dir", runtime, "--qube", "work:blue", "--qube", "personal:red"])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new ControlException("could not start the daemon");
    }

    private static void WaitForControl(string runtime, Process daemon)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ControlPaths.ControlSocket(runtime)))
        {
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                throw new ControlException("the daemon did not start (see its messages above)");
            }

            Thread.Sleep(50);
        }
    }

    private static void WaitForWindows(string runtime, int perQube)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var qubes = ControlClient.Send(runtime, new ControlRequest("ls"), TimeSpan.FromSeconds(10)).Qubes ?? [];
            if (qubes.Count > 0 && qubes.All(q => q.Windows >= perQube))
            {
                Thread.Sleep(1500); // let the apps finish their first drawing
                return;
            }

            Thread.Sleep(200);
        }

        Console.WriteLine("  (not every app showed its window within a minute; the screenshot shows what is there)");
    }

    /// <summary>A program on the PATH, or an error naming the Debian package that has it.</summary>
    public static string FindTool(string name, string package)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ControlException($"{name} is missing: install the Debian package {package} (apt-get install {package})");
    }

    private static void Stop(Process? process)
    {
        if (process is null || process.HasExited)
        {
            process?.Dispose();
            return;
        }

        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
