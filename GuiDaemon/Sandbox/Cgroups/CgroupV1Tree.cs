using System.Globalization;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// Qube cgroups on cgroup v1 hierarchies (memory, pids, cpu), each below this daemon's own cgroup
/// in that hierarchy: a folder guivirt-PID-NAME with the limits and its child "qube" for the
/// processes. The fallback where no cgroup v2 subtree is writable (hosts that mount the
/// controllers on v1, as many containers and older systems do).
/// </summary>
internal sealed class CgroupV1Tree : QubeCgroups
{
    private readonly IReadOnlyList<CgroupHierarchy> _hierarchies;

    public CgroupV1Tree(IReadOnlyList<CgroupHierarchy> hierarchies)
    {
        _hierarchies = hierarchies;
        foreach (CgroupHierarchy hierarchy in hierarchies)
        {
            CgroupFiles.RemoveLeftovers(hierarchy.OwnDirectory);
        }
    }

    public override string Kind =>
        $"cgroup v1 ({string.Join(", ", _hierarchies.SelectMany(h => h.Controllers.Where(IsUsed)))}) under {string.Join(", ", _hierarchies.Select(h => h.OwnDirectory))}";

    /// <summary>cpu.shares for a cgroup v2 weight: 100 is the default 1024 (systemd maps them the same way).</summary>
    public static long SharesOf(int weight) => Math.Max(2, weight * 1024L / 100);

    public override QubeCgroup Create(string qubeName, ResourceLimits limits)
    {
        var folders = new List<string>();
        var leaves = new List<string>();
        var appsLeaves = new List<string>();
        string? appsProcs = null;
        try
        {
            foreach (CgroupHierarchy hierarchy in _hierarchies)
            {
                string folder = Path.Combine(hierarchy.OwnDirectory, CgroupFiles.FolderName(qubeName));
                CgroupFiles.TryRemoveTree(folder); // an earlier run of this qube in this daemon
                Directory.CreateDirectory(folder);
                folders.Add(folder);
                if (hierarchy.Has("memory"))
                {
                    // Old kernels could turn hierarchical accounting off; the limit must hold for "qube" below.
                    if (CgroupFiles.Words(folder, "memory.use_hierarchy") is ["0"])
                    {
                        CgroupFiles.Write(folder, "memory.use_hierarchy", "1");
                    }

                    string bytes = ((long)limits.MemoryMiB << 20).ToString(CultureInfo.InvariantCulture);
                    CgroupFiles.Write(folder, "memory.limit_in_bytes", bytes);
                    // With swap accounting, memory and swap together: the qube cannot spill into swap.
                    CgroupFiles.TryWrite(folder, "memory.memsw.limit_in_bytes", bytes);
                }

                if (hierarchy.Has("pids"))
                {
                    CgroupFiles.Write(folder, "pids.max", limits.Pids.ToString(CultureInfo.InvariantCulture));
                }

                if (hierarchy.Has("cpu"))
                {
                    CgroupFiles.Write(folder, "cpu.shares", SharesOf(limits.CpuWeight).ToString(CultureInfo.InvariantCulture));
                }

                string leaf = Path.Combine(folder, QubeCgroup.Leaf);
                Directory.CreateDirectory(leaf);
                leaves.Add(leaf);
                if (hierarchy.Has("cpu"))
                {
                    // Scheduling, not containment: the apps' cgroup is inside the qube's, under the
                    // same limits. On v1 a cgroup's own tasks compete with its child cgroups, so
                    // the X server and the agent (tasks of weight 100 each in "qube") get ten
                    // times the share of all the qube's commands together, when both want CPU.
                    string apps = Path.Combine(leaf, QubeCgroup.Apps);
                    Directory.CreateDirectory(apps);
                    CgroupFiles.Write(apps, "cpu.shares", SharesOf(QubeCgroup.AppsCpuWeight).ToString(CultureInfo.InvariantCulture));
                    appsProcs = Path.Combine(apps, "cgroup.procs");
                    appsLeaves.Add(apps);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (string folder in folders)
            {
                CgroupFiles.TryRemoveTree(folder);
            }

            throw new SandboxException($"qube {qubeName}: cannot set up its cgroup: {e.Message}");
        }

        // The sandbox joins the "qube" leaves; the apps cgroup is waited for too when the qube stops.
        return new QubeCgroup(CgroupJoin.Prefix(leaves.Select(leaf => Path.Combine(leaf, "cgroup.procs"))), [.. leaves, .. appsLeaves], folders, Summary(limits), appsProcs: appsProcs);
    }

    public override string Scheduling()
    {
        if (_hierarchies.FirstOrDefault(h => h.Has("cpu")) is not { } cpu)
        {
            return $"scheduling: no writable cgroup v1 cpu hierarchy: {NotSplit}; the daemon's CPU weight is not raised";
        }

        // The daemon's own cgroup, a sibling of the qubes' (they are made in OwnDirectory, found
        // before this move): its loop gets the weight of several qubes when they all want CPU.
        // Its children start here too; a sandbox leaves for its qube's cgroup before bwrap runs.
        // Removed by the next daemon once this one is gone (RemoveLeftovers: guivirt-PID-...).
        string own = Path.Combine(cpu.OwnDirectory, CgroupFiles.FolderName(".daemon"));
        try
        {
            Directory.CreateDirectory(own);
            CgroupFiles.Write(own, "cpu.shares", SharesOf(DaemonCpuWeight).ToString(CultureInfo.InvariantCulture));
            CgroupFiles.Write(own, "cgroup.procs", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"scheduling: {SplitText}; the daemon's CPU weight is not raised ({own}: {e.Message})";
        }

        return $"scheduling: {SplitText}; the daemon has cpu weight {DaemonCpuWeight} in {own} (cgroup v1)";
    }

    public override string Summary(ResourceLimits limits) => Describe(limits, Has("memory"), Has("pids"), Has("cpu"), "cgroup v1");

    private bool Has(string controller) => _hierarchies.Any(h => h.Has(controller));

    private static bool IsUsed(string controller) => controller is "memory" or "pids" or "cpu";
}
