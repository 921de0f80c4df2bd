using System.Diagnostics;
using System.Globalization;
using System.Net;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// GuiVirt's remote qube (`guivirt run --host USER@HOST:PORT QUBE ...`, issue 20): the daemon on the
/// host starts `ssh -T ... guivirt remote serve QUBE` (and for each command `guivirt remote run`),
/// the far side's keeper holds the qube's sandbox and its exporter, which sends LZ4 damage over the
/// ssh stream to the host's importer. Here the far machine is this one behind the link's relay: a
/// private sshd (<see cref="SshServer"/>) whose sessions get the far side's own folders by SetEnv,
/// and a daemon config with `[remote] ssh_config` (the generated key and known host) and `guivirt`
/// (this checkout's guivirt, run by the far login shell). Each link gets a qube of its own, since a
/// remote qube is bound to its host and port.
/// Until this checkout's `guivirt run --help` lists `--host`, nothing is started and
/// <see cref="Unavailable"/> says so.
/// </summary>
internal sealed class GuiVirtRemoteSystem : IRemoteSystem
{
    private const string InsideAppFolder = "/home/user/testapp";
    private readonly string _guivirtDll = "";
    private readonly string _testAppFolder = "";
    private readonly string _farDataHome = "";
    private readonly Dictionary<string, string> _hostEnvironment = [];
    private readonly SshServer? _sshd;
    private readonly ChildProcess? _daemon;
    private int _relayPort;
    private int _links;

    public GuiVirtRemoteSystem(string guivirtDll, string testAppDll, string hostDisplay, string directory)
    {
        using (ChildProcess help = ChildProcess.Dotnet("guivirt run --help", guivirtDll, ["run", "--help"]))
        {
            help.WaitForExit(60);
            if (!help.Log.Contains("--host", StringComparison.Ordinal))
            {
                Unavailable = "not available (remote qubes not built)";
                return;
            }
        }

        _guivirtDll = guivirtDll;
        _testAppFolder = Path.GetDirectoryName(testAppDll)!;
        string Folder(params string[] parts) => Directory.CreateDirectory(Path.Combine([directory, .. parts])).FullName;
        // The far side: its own runtime, data, config and state folders, set in every ssh session.
        string farRuntime = Folder("far", "runtime");
        Directory.CreateDirectory(farRuntime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _farDataHome = Folder("far", "data");
        var far = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["XDG_RUNTIME_DIR"] = farRuntime,
            ["GUIVIRT_RUNTIME_DIR"] = farRuntime,
            ["XDG_DATA_HOME"] = _farDataHome,
            ["XDG_CONFIG_HOME"] = Folder("far", "config"),
            ["XDG_STATE_HOME"] = Folder("far", "state"),
        };
        try
        {
            _sshd = new SshServer(directory, far);
            string hostRuntime = Folder("host", "runtime"), config = Folder("host", "config");
            _hostEnvironment = new Dictionary<string, string>
            {
                ["GUIVIRT_RUNTIME_DIR"] = hostRuntime,
                ["XDG_DATA_HOME"] = Folder("host", "data"),
                ["XDG_CONFIG_HOME"] = config,
                ["XDG_STATE_HOME"] = Folder("host", "state"),
            };
            // The far login shell runs `GUIVIRT remote serve QUBE ...`: this checkout's guivirt through the dotnet that runs the benchmark.
            File.WriteAllText(Path.Combine(Folder("host", "config", "guivirt"), "config.toml"), $"""
                [remote]
                ssh_config = "{_sshd.ClientConfig}"
                guivirt = "'{ChildProcess.DotnetHost}' '{guivirtDll}'"

                """);
            _daemon = ChildProcess.Dotnet("daemon", guivirtDll, ["daemon", "--display", hostDisplay, "--socket-dir", hostRuntime, "--decorations", "frame"], environment: _hostEnvironment);
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(hostRuntime, "control.sock")))
            {
                if (_daemon.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"the daemon never opened its control socket:\n{_daemon.Log}");
                }

                Thread.Sleep(20);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name => "GuiVirt";

    public string? Unavailable { get; }

    /// <summary>GuiVirt's remote rectangles are lossless: the observer recognises only exact pixels.</summary>
    public int Tolerance => 0;

    public IPEndPoint FarEndpoint => _sshd?.Endpoint ?? throw new InvalidOperationException(Unavailable);

    /// <summary>The qube of the current link.</summary>
    private string Qube => $"remote{_links}";

    public void Connect(LinkRelay relay)
    {
        _relayPort = relay.Port;
        _links++;
    }

    public AppRun StartApp(IReadOnlyList<string> appArguments, string tag)
    {
        // The far qube's home, as the far side's daemon code names it (GuiDaemon/Sandbox/QubePaths.cs), made ahead so the app can be copied in.
        string home = Path.Combine(_farDataHome, "guivirt", "qubes", Qube, "home");
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(Path.Combine(home, "testapp", "GuiVirt.TestApp.dll")))
        {
            CopyFolder(_testAppFolder, Path.Combine(home, "testapp"));
        }

        string insideLog = $"/home/user/{tag}.log", hostLog = Path.Combine(home, $"{tag}.log");
        File.Delete(hostLog);
        Run(["run", "--host", $"{Environment.UserName}@127.0.0.1:{_relayPort.ToString(CultureInfo.InvariantCulture)}", Qube, "--label", "blue", "--",
            "dotnet", $"{InsideAppFolder}/GuiVirt.TestApp.dll", "--log", insideLog, .. appArguments]);
        return new QubeApp(Keeper(), hostLog, insideLog);
    }

    /// <summary>The far side: the qube's keeper (without its sandbox: the qube's X server and app are not the proxy), the qube's agent, and the sshd with its sessions (`guivirt remote serve`).</summary>
    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> FarSide(AppRun app)
    {
        int keeper = Keeper();
        int? agent = ProcStat.FindDescendant(keeper, "/opt/guivirt/guivirt-agent.dll");
        return [("keeper", keeper, false), .. agent is int a ? [("agent", a, false)] : Array.Empty<(string, int, bool)>(), ("sshd", _sshd!.ProcessId, true)];
    }

    /// <summary>The host side: the daemon with its children (the ssh clients and the importer's sandbox).</summary>
    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> HostSide(AppRun app) => [("daemon, ssh, importer", _daemon!.ProcessId, true)];

    public void Dispose()
    {
        _daemon?.Dispose();
        // The keepers were started detached (setsid) by the far side: each is stopped by its PID.
        foreach (int keeper in Keepers())
        {
            _ = Tmds.Linux.LibC.kill(keeper, Tmds.Linux.LibC.SIGTERM);
        }

        _sshd?.Dispose();
    }

    /// <summary>The far keeper of the current link's qube: `... remote keep QUBE` with this run's far folders.</summary>
    private int Keeper()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int[] found = [.. Keepers().Where(pid => ProcStat.CommandLine(pid).Contains(Qube))];
            if (found.Length == 1)
            {
                return found[0];
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"no far keeper of qube {Qube} ({found.Length} found)");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Every `guivirt remote keep` process whose environment has this run's far data folder.</summary>
    private IEnumerable<int> Keepers()
    {
        if (_farDataHome.Length == 0)
        {
            yield break;
        }

        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid))
            {
                continue;
            }

            string[] arguments = ProcStat.CommandLine(pid);
            if (arguments.Contains("remote") && arguments.Contains("keep") && OwnsFarFolder(pid))
            {
                yield return pid;
            }
        }
    }

    private bool OwnsFarFolder(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains($"XDG_DATA_HOME={_farDataHome}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // ended meanwhile, or not ours to read
        }
    }

    private string Run(IReadOnlyList<string> arguments)
    {
        using ChildProcess cli = ChildProcess.Dotnet("guivirt", _guivirtDll, arguments, environment: _hostEnvironment);
        int? exit = cli.WaitForExit(120);
        if (exit != 0)
        {
            throw new InvalidOperationException($"guivirt {string.Join(' ', arguments)} failed (exit {exit}):\n{cli.Log}\ndaemon:\n{_daemon?.Log}\nsshd:\n{_sshd?.Log}");
        }

        return cli.Log;
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
