using System.Diagnostics;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.Headless;
using GuiVirt.X11;

namespace GuiVirt.Cli.Selftest;

/// <summary>
/// Everything the self-test runs on, private to it and gone afterwards: a headless host display,
/// a daemon with its own configuration, two sandboxed qubes (alpha, blue; beta, red) with homes
/// in a temporary folder, the pattern app copied into each home, and a pattern window of the host.
/// </summary>
internal sealed class SelftestRig : IDisposable
{
    public const int ScreenWidth = 1920, ScreenHeight = 1080;
    public const int FrameWidth = 2;

    /// <summary>The daemon's title strip (<c>decorations = "strip"</c>, GuiDaemon/Notices/TitleStrip): its height over each qube window, the top frame edge included.</summary>
    public const int StripHeight = 20;

    /// <summary>Each monitor of the two-monitor host (<see cref="Start"/> with twoMonitors).</summary>
    public const int MonitorWidth = 960, MonitorHeight = 540;

    /// <summary>Where the pattern app and the test's files are inside each qube.</summary>
    public const string InsideFolder = "/home/user/.guivirt-selftest";

    public static readonly Secret AlphaSecret = new("alpha", 0x20_3A17);
    public static readonly Secret BetaSecret = new("beta", 0x70_5C2B);
    public static readonly Secret HostSecret = new("the host", 0xC0_7E41);
    public static readonly Label Alpha = Label.TryParse("blue")!, Beta = Label.TryParse("red")!;

    private const string AuditLogName = "clipboard-audit.jsonl";
    private readonly string _directory;
    private readonly XvfbServer _display;
    private readonly ChildDaemon _daemon;
    private readonly List<Process> _hostApps = [];
    private readonly string _patternApp;

    private readonly XvfbServer? _parent;

    private SelftestRig(string directory, XvfbServer display, ChildDaemon daemon, string patternApp, XvfbServer? parent = null)
    {
        (_directory, _display, _daemon, _patternApp, _parent) = (directory, display, daemon, patternApp, parent);
        Screen = XDisplay.Open(display.Display);
    }

    /// <summary>The host display, as the person in front of it sees and uses it.</summary>
    public XDisplay Screen { get; }

    public string DisplayName => _display.Display;

    public ChildDaemon Daemon => _daemon;

    /// <summary>The daemon's clipboard audit log (JSON lines, never the content).</summary>
    public string AuditLog => Path.Combine(_directory, AuditLogName);

    /// <param name="twoMonitors">
    /// The host is two Xinerama monitors of <see cref="MonitorWidth"/> x <see cref="MonitorHeight"/>
    /// side by side: a nested Xephyr (package xserver-xephyr) on a private Xvfb.
    /// </param>
    public static SelftestRig Start(bool twoMonitors = false)
    {
        XvfbServer? parent = null;
        string patternApp = PatternApp.Directory();
        string directory = Directory.CreateTempSubdirectory("guivirt-selftest-").FullName;
        XvfbServer? display = null;
        try
        {
            string data = Path.Combine(directory, "data");
            foreach (string qube in (string[])["alpha", "beta"])
            {
                CopyFolder(patternApp, Path.Combine(QubePaths.Home(qube, data), ".guivirt-selftest", "app"));
            }

            // Its own configuration, so that the user's (other hotkeys, clipboard off) cannot change the result.
            string config = Path.Combine(directory, "config.toml");
            File.WriteAllText(config, $"""
                frame_width = {FrameWidth}
                decorations = "strip"
                [clipboard]
                enabled = true
                [[qube]]
                name = "alpha"
                label = "{Alpha.Name}"
                [[qube]]
                name = "beta"
                label = "{Beta.Name}"
                """);
            if (twoMonitors)
            {
                parent = HeadlessDisplay.Start(2 * MonitorWidth, MonitorHeight);
                display = XephyrServer.StartTwoMonitors(parent.Display, MonitorWidth, MonitorHeight, firstDisplay: 90);
            }
            else
            {
                display = HeadlessDisplay.Start(ScreenWidth, ScreenHeight);
            }

            ChildDaemon daemon = ChildDaemon.Start(
                display.Display,
                Path.Combine(directory, "run"),
                ["--config", config, "--audit-log", Path.Combine(directory, AuditLogName)],
                new Dictionary<string, string> { ["XDG_DATA_HOME"] = data },
                quiet: true);
            return new SelftestRig(directory, display, daemon, patternApp, parent);
        }
        catch
        {
            display?.Dispose();
            parent?.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The host folder that is /home/user in <paramref name="qube"/>.</summary>
    public string HomeOf(string qube) => QubePaths.Home(qube, Path.Combine(_directory, "data"));

    /// <summary>Starts the pattern app in <paramref name="qube"/> (`guivirt run`), its sandbox first if needed.</summary>
    public void StartPatternApp(string qube, params string[] arguments)
    {
        // The same build as on the host: native, or the dll on the host's runtime (under /usr, or bound for the JIT agent).
        ControlResponse started = _daemon.Run(qube, [.. PatternApp.Command(_patternApp).Select(word => word.Replace(_patternApp, $"{InsideFolder}/app", StringComparison.Ordinal)), .. arguments]);
        if (!started.Ok)
        {
            throw new InvalidOperationException($"could not run the pattern app in {qube}: {started.Message}");
        }
    }

    /// <summary>The pattern app drawing straight on the host display: a window no qube may ever see.</summary>
    public void StartHostPatternApp(params string[] arguments)
    {
        string log = Path.Combine(_directory, "host-app.log");
        string[] command = PatternApp.Command(_patternApp);
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (string argument in (string[])[.. command[1..], "--display", _display.Display, "--log", log, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        Process app = Process.Start(start) ?? throw new InvalidOperationException("could not start the host pattern app");
        _hostApps.Add(app);
        Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("ready ", StringComparison.Ordinal), 20, "the host's pattern window");
    }

    /// <summary>
    /// Runs `sh -c SCRIPT sh ARGS...` in the qube. The script writes its result to "$out", which is
    /// renamed to NAME in the test folder when complete; returns that file's bytes as the host reads them.
    /// </summary>
    public byte[] RunForResult(string qube, string name, string script, params string[] arguments)
    {
        string result = Path.Combine(HomeOf(qube), ".guivirt-selftest", name);
        File.Delete(result);
        ControlResponse started = _daemon.Run(qube, ["sh", "-c", $"out={InsideFolder}/.{name}.part; {{ {script}\n}} > \"$out\"; mv \"$out\" {InsideFolder}/{name}", "sh", .. arguments]);
        if (!started.Ok)
        {
            throw new InvalidOperationException($"could not run a command in {qube}: {started.Message}");
        }

        Wait.Until(() => File.Exists(result), 30, $"{name} from {qube}");
        return File.ReadAllBytes(result);
    }

    /// <summary>A file the qube's programs write in the test folder (a log), or "" while there is none.</summary>
    public string ReadQubeFile(string qube, string name)
    {
        string path = Path.Combine(HomeOf(qube), ".guivirt-selftest", name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>The mapped top-level windows of the host with their titles and the qube the daemon marked them with.</summary>
    public IReadOnlyList<HostWindowInfo> Windows()
    {
        var windows = new List<HostWindowInfo>();
        foreach (XWindow window in Screen.Children(Screen.Root))
        {
            if (Screen.TryGetGeometry(window) is { Viewable: true } geometry)
            {
                windows.Add(new HostWindowInfo(
                    window,
                    geometry,
                    Screen.TryGetText(window, Screen.Atom("_NET_WM_NAME")) ?? "",
                    Screen.TryGetText(window, Screen.Atom("_QUBES_VMNAME"))));
            }
        }

        return windows;
    }

    /// <summary>Waits for exactly one shown window that <paramref name="match"/> picks.</summary>
    public HostWindowInfo WaitForWindow(Func<HostWindowInfo, bool> match, string what, double seconds = 30)
    {
        HostWindowInfo? found = null;
        Wait.Until(() => (found = Windows().SingleOrDefault(match)) is not null, seconds, what);
        return found!;
    }

    /// <summary>What the host screen really shows in <paramref name="area"/> (XGetImage of the root).</summary>
    public ScreenImage Screenshot(XRect area)
    {
        byte[] bytes = Screen.TryGetImage(Screen.Root, area) ?? throw new InvalidOperationException("XGetImage of the host root failed");
        return ScreenImage.FromBgrx(bytes, area.Width, area.Height, area.Width * 4);
    }

    public ScreenImage Screenshot() => Screenshot(new XRect(0, 0, Screen.Width, Screen.Height));

    public void Dispose()
    {
        foreach (Process app in _hostApps)
        {
            ChildProcesses.Stop(app);
        }

        _daemon.Dispose(); // the daemon stops the qubes' sandboxes with it
        Screen.Dispose();
        _display.Dispose();
        _parent?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}

/// <summary>A top-level window of the host as the self-test sees it.</summary>
internal sealed record HostWindowInfo(XWindow Window, XWindowGeometry Geometry, string Title, string? Qube)
{
    public XRect Bounds => Geometry.Bounds;
}

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms; a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static void Until(Func<bool> condition, double seconds, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {seconds:0} s for {what}");
            }

            Thread.Sleep(50);
        }
    }
}
