using System.Globalization;
using System.Text.RegularExpressions;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// A host Xvfb and a real `guivirt daemon` on it with a configuration file, its own runtime, data
/// and state folders in a temporary folder, and the qubes it starts itself (`guivirt run`): the
/// whole path from a config key to the kernel. With <c>runAs</c>, the daemon runs as that user
/// (through setpriv), from a copy of the programs that user can read.
/// </summary>
internal sealed class DaemonRig : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-daemon-rig-").FullName;

    public DaemonRig(string config, (int Uid, int Gid)? runAs = null)
    {
        Host = new XvfbServer(1280, 800);
        string runtime = Path.Combine(_directory, "run"), home = Path.Combine(_directory, "home");
        DataHome = Path.Combine(_directory, "data");
        foreach (string folder in (string[])[runtime, home, DataHome])
        {
            Directory.CreateDirectory(folder);
        }

        string configFile = Path.Combine(_directory, "config.toml");
        File.WriteAllText(configFile, config);
        var environment = new Dictionary<string, string?>
        {
            ["XDG_DATA_HOME"] = DataHome,
            ["XDG_RUNTIME_DIR"] = runtime,
            ["XDG_CONFIG_HOME"] = Path.Combine(_directory, "config"),
            ["XDG_STATE_HOME"] = Path.Combine(_directory, "state"),
            ["HOME"] = home,
            // A root daemon would run its qubes as the sudo user, if these came from the test's own sudo.
            ["SUDO_UID"] = null,
            ["SUDO_GID"] = null,
        };
        string guivirt = BuiltProgram.Path("Cli", "guivirt.dll");
        IReadOnlyList<string> launcher = [];
        if (runAs is (int uid, int gid))
        {
            guivirt = CopyPrograms(Path.Combine(_directory, "programs"));
            foreach (string path in Directory.EnumerateFileSystemEntries(_directory, "*", SearchOption.AllDirectories).Prepend(_directory))
            {
                HostFiles.Chown(path, uid, gid);
            }

            launcher = [HostPrograms.Setpriv(), "--reuid", $"{uid}", "--regid", $"{gid}", "--clear-groups", "--"];
        }

        Sockets = Path.Combine(runtime, "guivirt");
        Daemon = new DaemonProcess(Host.Display, Sockets, ["--config", configFile], environment, launcher, guivirt);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Path.Exists(Path.Combine(Sockets, "control.sock"))) // the daemon serves commands
        {
            Assert.True(DateTime.UtcNow < deadline && !Daemon.HasExited, $"the daemon never listened on its control socket:\n{Daemon.Log}");
            Thread.Sleep(50);
        }
    }

    public XvfbServer Host { get; }

    public DaemonProcess Daemon { get; }

    /// <summary>The daemon's socket folder (the control socket's too).</summary>
    public string Sockets { get; }

    /// <summary>The daemon's $XDG_DATA_HOME: qube homes are in guivirt/qubes/NAME/home.</summary>
    public string DataHome { get; }

    /// <summary>The host folder of qube <paramref name="qube"/>'s home (made now, as the daemon would, when it is not there yet).</summary>
    public string HomeOf(string qube) => QubePaths.Home(qube, DataHome);

    /// <summary>`guivirt run QUBE -- COMMAND...`: starts the qube if needed; fails the test when the daemon refuses.</summary>
    public void Run(string qube, params string[] command)
    {
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, ["run", qube, "--", .. command]);
        Assert.True(code == 0, $"guivirt run {qube} failed: {output}{errors}\ndaemon log:\n{Daemon.Log}");
    }

    /// <summary>`guivirt ls`, its output.</summary>
    public string List()
    {
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, "ls");
        Assert.True(code == 0, errors);
        return output;
    }

    /// <summary>The first process of the qube's running sandbox, as the daemon logged it when it started the qube.</summary>
    public int SandboxProcess(string qube)
    {
        Daemon.WaitForLog($"qube {qube} started (sandbox process ");
        MatchCollection started = Regex.Matches(Daemon.Log, $@"qube {Regex.Escape(qube)} started \(sandbox process (\d+)");
        return int.Parse(started[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The folders with the limits of the cgroups <paramref name="processId"/> is in (one per
    /// hierarchy: the parents of the qube's leaf cgroups), as the host kernel reports them.
    /// </summary>
    public static IReadOnlyList<CgroupHierarchy> LimitFolders(int processId)
    {
        string cgroups = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cgroup");
        return [.. CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo"), cgroups)
            .Where(h => Path.GetFileName(h.OwnDirectory) == QubeCgroup.Leaf)
            .Select(h => h with { OwnDirectory = Path.GetDirectoryName(h.OwnDirectory)! })];
    }

    /// <summary>The folders with the limits of qube <paramref name="qube"/>'s cgroups (see <see cref="LimitFolders"/>).</summary>
    public IReadOnlyList<CgroupHierarchy> LimitFoldersOf(string qube) => LimitFolders(SandboxProcess(qube));

    /// <summary>Waits for a whole result file in a qube's home.</summary>
    public string WaitForResult(string qube, string name, double seconds = 60) => QubeRig.WaitForFile(Path.Combine(HomeOf(qube), name), seconds);

    public void Dispose()
    {
        Daemon.Dispose();
        Host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The daemon and the agent with what they load on Linux x64, in a folder every user can read.</summary>
    private static string CopyPrograms(string folder)
    {
        string cli = Path.GetDirectoryName(BuiltProgram.Path("Cli", "guivirt.dll"))!;
        string agent = Path.GetDirectoryName(BuiltProgram.Path("GuiAgent", ProgramLocation.AgentDll))!;
        foreach (string from in (string[])[cli, agent])
        {
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(from, file);
                if (relative.StartsWith("runtimes/", StringComparison.Ordinal) && !relative.StartsWith("runtimes/linux-x64/", StringComparison.Ordinal))
                {
                    continue; // other platforms' native libraries (hundreds of MiB)
                }

                string to = Path.Combine(folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to, overwrite: true);
            }
        }

        return Path.Combine(folder, "guivirt.dll");
    }
}
