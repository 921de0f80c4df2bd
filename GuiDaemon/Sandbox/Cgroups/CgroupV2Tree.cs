using System.Globalization;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// Qube cgroups in a cgroup v2 subtree this daemon may write (its own cgroup, delegated to it, or
/// the root of a hierarchy it owns): a folder guivirt-PID-NAME with memory.max, memory.swap.max,
/// pids.max and cpu.weight, and its child "qube" for the processes. The controllers must be
/// enabled in the subtree's cgroup.subtree_control (<see cref="CgroupDetection"/> does that).
/// </summary>
internal sealed class CgroupV2Tree : QubeCgroups
{
    private readonly string _directory;
    private readonly IReadOnlyList<string> _controllers;

    /// <param name="directory">The subtree's folder; its children get the controllers.</param>
    /// <param name="controllers">Of memory, pids and cpu, those enabled for its children.</param>
    public CgroupV2Tree(string directory, IReadOnlyList<string> controllers)
    {
        _directory = directory;
        _controllers = controllers;
        CgroupFiles.RemoveLeftovers(directory);
    }

    public override string Kind => $"cgroup v2 ({(_controllers.Count > 0 ? string.Join(", ", _controllers) : "no controllers")}) under {_directory}";

    public override QubeCgroup Create(string qubeName, ResourceLimits limits)
    {
        string folder = Path.Combine(_directory, CgroupFiles.FolderName(qubeName));
        try
        {
            CgroupFiles.TryRemoveTree(folder); // an earlier run of this qube in this daemon
            Directory.CreateDirectory(folder);
            if (_controllers.Contains("memory"))
            {
                CgroupFiles.Write(folder, "memory.max", ((long)limits.MemoryMiB << 20).ToString(CultureInfo.InvariantCulture));
                // memory_mib is memory and swap together, as on cgroup v1: no swap beyond it.
                CgroupFiles.TryWrite(folder, "memory.swap.max", "0");
            }

            if (_controllers.Contains("pids"))
            {
                CgroupFiles.Write(folder, "pids.max", limits.Pids.ToString(CultureInfo.InvariantCulture));
            }

            if (_controllers.Contains("cpu"))
            {
                CgroupFiles.Write(folder, "cpu.weight", limits.CpuWeight.ToString(CultureInfo.InvariantCulture));
            }

            Directory.CreateDirectory(Path.Combine(folder, QubeCgroup.Leaf));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CgroupFiles.TryRemoveTree(folder);
            throw new SandboxException($"qube {qubeName}: cannot set up its cgroup: {e.Message}");
        }

        string leaf = Path.Combine(folder, QubeCgroup.Leaf);
        return new QubeCgroup(CgroupJoin.Prefix([Path.Combine(leaf, "cgroup.procs")]), [leaf], [folder], Summary(limits));
    }

    public override string Summary(ResourceLimits limits) =>
        Describe(limits, _controllers.Contains("memory"), _controllers.Contains("pids"), _controllers.Contains("cpu"), "cgroup v2");
}
