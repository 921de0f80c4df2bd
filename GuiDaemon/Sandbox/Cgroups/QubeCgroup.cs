using System.Diagnostics;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// One qube's cgroup: made with its limits before the sandbox starts, entered by the sandbox's
/// first process (<see cref="LaunchPrefix"/>) before anything of the qube runs, and removed once
/// the qube has stopped. The limits are set on a folder whose only child, "qube", holds the
/// processes: a qube that mounted its own view of the hierarchy (possible on cgroup v2 from a
/// nested user namespace) would see only that child, never the files that hold its limits.
/// </summary>
internal sealed class QubeCgroup : IDisposable
{
    /// <summary>The sub-cgroup, below the folder with the limits, that the qube's processes are in.</summary>
    public const string Leaf = "qube";

    /// <summary>
    /// The child of <see cref="Leaf"/> (cgroup v1 cpu hierarchy) that the qube's commands join when
    /// they start, so that they compete for the qube's CPU as one group with the qube's X server and
    /// agent, each of which stays in <see cref="Leaf"/> with the weight of a task (100).
    /// </summary>
    public const string Apps = "apps";

    /// <summary>
    /// The weight of all of a qube's commands together: a tenth of its X server's (or its agent's).
    /// A share under contention only: when the X server and the agent have nothing to do, the
    /// apps get all of the qube's CPU. Without it an app that burns CPU outruns the X server and
    /// the agent that show its frames, and they are dropped (docs/performance.md).
    /// </summary>
    public const int AppsCpuWeight = 10;

    private static readonly TimeSpan EmptyTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<string> _folders;
    private readonly Func<int, string?>? _check;

    /// <param name="launchPrefix">The words before the sandbox's command that put it into the cgroup.</param>
    /// <param name="leaves">The folders the qube's processes are in (one per hierarchy; none when systemd keeps them).</param>
    /// <param name="folders">The folders this object created and removes.</param>
    /// <param name="summary">What is enforced, for `guivirt ls` and the log.</param>
    /// <param name="check">Asks the kernel, given a process of the qube, whether the limits really apply; the problem, or null.</param>
    /// <param name="appsProcs">The cgroup.procs file of the qube's <see cref="Apps"/> cgroup, or null when there is none.</param>
    public QubeCgroup(IReadOnlyList<string> launchPrefix, IReadOnlyList<string> leaves, IReadOnlyList<string> folders, string summary, Func<int, string?>? check = null, string? appsProcs = null)
    {
        AppsProcs = appsProcs;
        LaunchPrefix = launchPrefix;
        Leaves = leaves;
        _folders = folders;
        Summary = summary;
        _check = check;
    }

    public IReadOnlyList<string> LaunchPrefix { get; }

    public IReadOnlyList<string> Leaves { get; }

    /// <summary>
    /// The cgroup.procs file of the qube's <see cref="Apps"/> cgroup, bound into the sandbox for its
    /// init to put each command into (null: the commands stay with the X server and the agent).
    /// </summary>
    public string? AppsProcs { get; }

    /// <summary>The limits as enforced, e.g. "memory 4096 MiB, 1024 tasks, cpu weight 100 (cgroup v1)".</summary>
    public string Summary { get; private set; }

    /// <summary>
    /// Checks with the kernel that <paramref name="processId"/> (of the qube) is under the limits,
    /// where the daemon could not set them itself (a systemd scope); when not, the summary says so.
    /// </summary>
    public string? Confirm(int processId)
    {
        if (_check?.Invoke(processId) is not { } problem)
        {
            return null;
        }

        Summary = $"NOT limited: {problem}";
        return problem;
    }

    /// <summary>Waits until the qube's processes have left the cgroup (the sandbox is stopped first), then removes it.</summary>
    public void Dispose()
    {
        var clock = Stopwatch.StartNew();
        while (Leaves.Any(leaf => CgroupFiles.Processes(leaf).Count > 0) && clock.Elapsed < EmptyTimeout)
        {
            Thread.Sleep(20);
        }

        foreach (string leaf in Leaves.Where(leaf => CgroupFiles.Processes(leaf).Count > 0))
        {
            // Only cgroup v2 can kill a whole cgroup at once (cgroup.kill); on v1 a pid read from
            // cgroup.procs could be reused by another process before a kill reached it, so the
            // cgroup is left behind and reported instead.
            if (CgroupFiles.TryWrite(leaf, "cgroup.kill", "1"))
            {
                clock.Restart();
                while (CgroupFiles.Processes(leaf).Count > 0 && clock.Elapsed < EmptyTimeout)
                {
                    Thread.Sleep(20);
                }
            }
        }

        foreach (string folder in _folders)
        {
            if (!CgroupFiles.TryRemoveTree(folder))
            {
                Log.Warning($"cgroup {folder} still has processes after its qube stopped; it is left behind");
            }
        }
    }
}
