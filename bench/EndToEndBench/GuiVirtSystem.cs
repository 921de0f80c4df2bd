using System.Diagnostics;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// GuiVirt as a user runs it: `guivirt daemon` on the host display, and each app started with
/// `guivirt run QUBE --label LABEL -- CMD`, which starts the qube's sandbox (bubblewrap, its own
/// Xvfb and agent) the first time. The daemon, its control socket, the qube sockets and the qube
/// homes all live under a private folder (GUIVIRT_RUNTIME_DIR, XDG_DATA_HOME, XDG_CONFIG_HOME,
/// XDG_STATE_HOME point there), so nothing of the user's own GuiVirt is touched.
///
/// The sandbox shows the qube only its home, /usr, /etc, the agent's folder and the dotnet root, not
/// this checkout: the TestApp's build output is copied into the qube's home and run from there, and
/// it writes its log into the home too, where the host reads it.
/// </summary>
internal sealed class GuiVirtSystem : ISystem
{
    private const string InsideAppFolder = "/home/user/testapp";
    private readonly string _guivirtDll;
    private readonly string _testAppFolder;
    private readonly string _dataHome;
    private readonly Dictionary<string, string> _environment;
    private readonly ChildProcess _daemon;

    public GuiVirtSystem(string guivirtDll, string testAppDll, string hostDisplay, string directory)
    {
        _guivirtDll = guivirtDll;
        _testAppFolder = Path.GetDirectoryName(testAppDll)!;
        string runtime = Directory.CreateDirectory(Path.Combine(directory, "runtime")).FullName;
        _dataHome = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        _environment = new Dictionary<string, string>
        {
            ["GUIVIRT_RUNTIME_DIR"] = runtime,
            ["XDG_DATA_HOME"] = _dataHome,
            ["XDG_CONFIG_HOME"] = Directory.CreateDirectory(Path.Combine(directory, "config")).FullName,
            ["XDG_STATE_HOME"] = Directory.CreateDirectory(Path.Combine(directory, "state")).FullName,
        };
        // The configured qubes: the upscaled case's (issue 19; upscale is the host's decision only)
        // and the weighted cases' (issue 17: cpu_weight, a host limit, as the user would set it).
        string configFolder = Directory.CreateDirectory(Path.Combine(_environment["XDG_CONFIG_HOME"], "guivirt")).FullName;
        File.WriteAllText(Path.Combine(configFolder, "config.toml"),
            $"[[qube]]\nname = \"{UpscaledQube}\"\nlabel = \"blue\"\nupscale = 2\n\n[[qube]]\nname = \"{WeightedQube}\"\nlabel = \"blue\"\ncpu_weight = {WeightedCpuWeight}\n");
        // The frame only: the observer reads the window's pixels at the place the app asked for, which
        // the title strip (the default on a host without a window manager) would push down by its height.
        _daemon = ChildProcess.Dotnet("daemon", guivirtDll, ["daemon", "--display", hostDisplay, "--socket-dir", runtime, "--decorations", "frame"], environment: _environment);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(runtime, "control.sock")))
        {
            if (_daemon.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                string log = _daemon.Log;
                _daemon.Dispose();
                throw new InvalidOperationException($"the daemon never opened its control socket:\n{log}");
            }

            Thread.Sleep(20);
        }
    }

    public string Name => "GuiVirt";

    /// <summary>The qube the window workloads run in.</summary>
    public const string BenchQube = "bench";

    /// <summary>The qube of the upscaled case: upscale = 2, its screen half the host's.</summary>
    public const string UpscaledQube = "bench2x";

    /// <summary>The qube of the weighted cases: <c>cpu_weight</c> <see cref="WeightedCpuWeight"/>, twice the default.</summary>
    public const string WeightedQube = "benchw200";

    public const int WeightedCpuWeight = 200;

    public int DaemonProcessId => _daemon.ProcessId;

    /// <summary>What the daemon said about scheduling (its "scheduling: ..." log line), for the report.</summary>
    public string SchedulingLine =>
        _daemon.Log.Split('\n').FirstOrDefault(l => l.Contains("scheduling", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf("scheduling", StringComparison.Ordinal) + "scheduling".Length)..].TrimStart(':', ' ').Trim()
            : "the daemon said nothing about scheduling (a version before issue 17)";

    public AppRun StartApp(IReadOnlyList<string> appArguments, string tag) => StartApp(BenchQube, "blue", appArguments, tag);

    /// <summary>Runs a TestApp in <paramref name="qube"/> (created with <paramref name="label"/> and started if needed).</summary>
    public AppRun StartApp(string qube, string label, IReadOnlyList<string> appArguments, string tag)
    {
        (string hostLog, string insideLog) = Launch(qube, label, appArguments, tag);
        return new QubeApp(SandboxOf(qube), hostLog, insideLog);
    }

    /// <summary>Starts a TestApp in <paramref name="qube"/> without following it; where its log is, seen from the host and from inside.</summary>
    public (string HostLog, string InsideLog) Launch(string qube, string label, IReadOnlyList<string> appArguments, string tag)
    {
        string home = HomeOf(qube);
        if (!File.Exists(Path.Combine(home, "testapp", "GuiVirt.TestApp.dll")))
        {
            CopyFolder(_testAppFolder, Path.Combine(home, "testapp"));
        }

        string insideLog = $"/home/user/{tag}.log";
        string hostLog = Path.Combine(home, $"{tag}.log");
        File.Delete(hostLog);
        // The dotnet on the qube's PATH is the host's (/usr is bound read-only), the same the agent runs on.
        Run(["run", qube, "--label", label, "--", "dotnet", $"{InsideAppFolder}/GuiVirt.TestApp.dll", "--log", insideLog, .. appArguments]);
        return (hostLog, insideLog);
    }

    /// <summary>stress-ng in the bench qube, beside the window: the qube's own app competes with its X server and agent.</summary>
    public IDisposable StartBusyApp()
    {
        Run(["run", BenchQube, "--label", "blue", "--", .. StressNg.Command]);
        return StressNg.Below(SandboxOf(BenchQube));
    }

    /// <summary>`guivirt stop QUBE`: the qube's sandbox and everything in it end.</summary>
    public void Stop(string qube) => Run(["stop", qube]);

    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> Proxies(AppRun app) => Proxies(BenchQube);

    /// <summary>The daemon alone (not its descendants: those are the qubes) and the agent of <paramref name="qube"/>.</summary>
    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> Proxies(string qube) =>
        [("daemon", _daemon.ProcessId, false), ("agent", AgentOf(qube), false)];

    /// <summary>The agents of every running qube.</summary>
    public IReadOnlyList<int> Agents() =>
        [.. ProcessTree.Descendants(_daemon.ProcessId).Where(pid => ProcStat.CommandLine(pid).Contains("/opt/guivirt/guivirt-agent.dll"))];

    /// <summary>`guivirt ls`: qube name and shown windows (its fourth column).</summary>
    public Dictionary<string, int> Windows()
    {
        string output = Run(["ls"]);
        var windows = new Dictionary<string, int>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // QUBE LABEL STATE WINDOWS KIND NETWORK LIMITS..., the limits in several words.
            if (words.Length >= 4 && int.TryParse(words[3], out int count))
            {
                windows[words[0]] = count;
            }
        }

        return windows;
    }

    public void Dispose() => _daemon.Dispose(); // its SIGTERM handler stops every qube's sandbox

    /// <summary>The bwrap process of <paramref name="qube"/> below the daemon.</summary>
    public int SandboxOf(string qube) =>
        ProcStat.FindDescendant(_daemon.ProcessId, "--hostname", qube) ?? throw new InvalidOperationException($"qube {qube} has no sandbox:\n{_daemon.Log}");

    private int AgentOf(string qube) =>
        ProcStat.FindDescendant(SandboxOf(qube), "/opt/guivirt/guivirt-agent.dll") ?? throw new InvalidOperationException($"qube {qube} has no agent");

    /// <summary>Runs the `guivirt` command line with the benchmark's private folders; its output, or an exception.</summary>
    private string Run(IReadOnlyList<string> arguments)
    {
        using ChildProcess cli = ChildProcess.Dotnet("guivirt", _guivirtDll, arguments, environment: _environment);
        int? exit = cli.WaitForExit(90);
        if (exit != 0)
        {
            throw new InvalidOperationException($"guivirt {string.Join(' ', arguments)} failed (exit {exit}):\n{cli.Log}\ndaemon:\n{_daemon.Log}");
        }

        return cli.Log;
    }

    /// <summary>$XDG_DATA_HOME/guivirt/qubes/NAME/home, as the daemon names it (GuiDaemon/Sandbox/QubePaths.cs), made ahead so the app can be copied in.</summary>
    private string HomeOf(string qube)
    {
        string home = Path.Combine(_dataHome, "guivirt", "qubes", qube, "home");
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return home;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
