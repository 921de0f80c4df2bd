using System.Globalization;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// A transient systemd scope per qube, where the daemon may not create cgroups itself (a desktop
/// session's cgroup is systemd's): the sandbox is started through
/// <c>systemd-run [--user] --scope -p MemoryMax=... -- bwrap ...</c>. systemd-run asks the manager
/// for the scope with its own pid in it and only then execs bwrap in the same process, so the
/// qube is limited from its first instruction. A user manager applies only the controllers
/// delegated to it, so each qube's limits are checked in the kernel once it runs (<see cref="Check"/>).
/// </summary>
internal sealed class SystemdScopes : QubeCgroups
{
    private readonly string _systemdRun;
    private readonly bool _userManager;
    private readonly string? _v2MountPoint;
    private int _started;

    /// <param name="systemdRun">The systemd-run program.</param>
    /// <param name="userManager">True for the user's manager (--user), false for the system's (the daemon is root).</param>
    /// <param name="v2MountPoint">Where cgroup v2 is mounted, to read a scope's limits back; null on a v1 host.</param>
    public SystemdScopes(string systemdRun, bool userManager, string? v2MountPoint)
    {
        _systemdRun = systemdRun;
        _userManager = userManager;
        _v2MountPoint = v2MountPoint;
    }

    public override string Kind => $"a systemd scope per qube ({(_userManager ? "the user's manager" : "the system manager")})";

    public override QubeCgroup Create(string qubeName, ResourceLimits limits)
    {
        string unit = $"{CgroupFiles.FolderName(qubeName)}-{Interlocked.Increment(ref _started).ToString(CultureInfo.InvariantCulture)}";
        var prefix = new List<string> { _systemdRun };
        if (_userManager)
        {
            prefix.Add("--user");
        }

        prefix.AddRange([
            "--scope", "--quiet", "--collect", $"--unit={unit}",
            "-p", $"MemoryMax={limits.MemoryMiB.ToString(CultureInfo.InvariantCulture)}M",
            "-p", "MemorySwapMax=0",
            "-p", $"TasksMax={limits.Pids.ToString(CultureInfo.InvariantCulture)}",
            "-p", $"CPUWeight={limits.CpuWeight.ToString(CultureInfo.InvariantCulture)}",
            "--",
        ]);
        return new QubeCgroup(prefix, [], [], Summary(limits), pid => Check(_v2MountPoint, pid, limits));
    }

    public override string Summary(ResourceLimits limits) => Describe(limits, true, true, true, "systemd scope");

    /// <summary>
    /// Reads the limits of the cgroup <paramref name="processId"/> is in, under the v2 mount at
    /// <paramref name="mountPoint"/>; null when memory.max and pids.max are the configured ones,
    /// otherwise what is wrong.
    /// </summary>
    public static string? Check(string? mountPoint, int processId, ResourceLimits limits)
    {
        if (mountPoint is null)
        {
            return "cannot read a systemd scope's limits without cgroup v2";
        }

        string? path;
        try
        {
            path = File.ReadAllLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cgroup")
                .FirstOrDefault(line => line.StartsWith("0::", StringComparison.Ordinal))?[3..];
        }
        catch (IOException e)
        {
            return $"cannot read the cgroup of process {processId}: {e.Message}";
        }

        if (path is null)
        {
            return $"process {processId} is in no cgroup v2";
        }

        string directory = mountPoint + path;
        string memory = CgroupFiles.Words(directory, "memory.max") is [var m] ? m : "absent";
        string tasks = CgroupFiles.Words(directory, "pids.max") is [var p] ? p : "absent";
        string wantMemory = ((long)limits.MemoryMiB << 20).ToString(CultureInfo.InvariantCulture);
        string wantTasks = limits.Pids.ToString(CultureInfo.InvariantCulture);
        return memory == wantMemory && tasks == wantTasks
            ? null
            : $"systemd did not apply the limits to {directory} (memory.max {memory}, pids.max {tasks}): its manager has no memory or pids controller delegated";
    }
}
