namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// One mounted cgroup hierarchy and where this process is in it: the unified one (cgroup v2) or
/// a v1 one with its controllers ("memory", "pids", "cpu"...). <paramref name="OwnDirectory"/> is
/// this process's own cgroup as a folder of this mount.
/// </summary>
internal sealed record CgroupHierarchy(bool IsV2, IReadOnlyList<string> Controllers, string MountPoint, string OwnDirectory)
{
    public bool Has(string controller) => Controllers.Contains(controller);
}
