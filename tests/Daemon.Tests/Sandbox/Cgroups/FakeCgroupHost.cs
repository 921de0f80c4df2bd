using System.Globalization;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;

namespace GuiVirt.Daemon.Tests.Sandbox.Cgroups;

/// <summary>
/// A host described to <see cref="CgroupDetection"/>: cgroup "mounts" that are folders of plain
/// files in a temporary folder, so that every choice can be checked on any machine. The kernel's
/// own behaviour (files that accumulate, processes that move) is not modelled: the real
/// hierarchies are tested in <c>CgroupKernelTests</c> and <c>QubeLimitsTests</c>.
/// </summary>
internal sealed class FakeCgroupHost : IDisposable
{
    private readonly List<string> _mounts = [];
    private readonly List<string> _self = [];

    public FakeCgroupHost() => Root = Directory.CreateTempSubdirectory("guivirt-fake-cgroups-").FullName;

    public string Root { get; }

    public static string Self => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>A cgroup v2 mount with this process at <paramref name="path"/>; returns its own folder.</summary>
    public string AddV2(string path, string controllers, string processes, string subtreeControl = "")
    {
        string mount = Path.Combine(Root, "unified");
        string own = Path.TrimEndingDirectorySeparator(mount + path);
        Directory.CreateDirectory(own);
        File.WriteAllText(Path.Combine(own, "cgroup.controllers"), controllers + "\n");
        File.WriteAllText(Path.Combine(own, "cgroup.subtree_control"), subtreeControl + "\n");
        File.WriteAllText(Path.Combine(own, "cgroup.procs"), processes);
        _mounts.Add($"30 25 0:28 / {mount} rw - cgroup2 cgroup2 rw");
        _self.Add($"0::{path}");
        return own;
    }

    /// <summary>A cgroup v1 hierarchy of <paramref name="controllers"/> (comma-separated) mounted under the fake root, or at <paramref name="mountPoint"/>.</summary>
    public string AddV1(string controllers, string path, string? mountPoint = null)
    {
        string mount = mountPoint ?? Path.Combine(Root, controllers);
        string own = Path.TrimEndingDirectorySeparator(mount + path);
        if (mountPoint is null)
        {
            Directory.CreateDirectory(own);
            File.WriteAllText(Path.Combine(own, "cgroup.procs"), Self + "\n");
        }

        _mounts.Add($"{26 + _mounts.Count} 25 0:{40 + _mounts.Count} / {mount} rw - cgroup cgroup rw,{controllers}");
        _self.Add($"{_self.Count + 1}:{controllers}:{path}");
        return own;
    }

    public CgroupHost Host(bool isRoot = true, string? systemdRun = null, bool managerReachable = false) =>
        new(string.Join('\n', _mounts) + "\n", string.Join('\n', _self) + "\n", isRoot, systemdRun, managerReachable);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
