namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// Chooses how this daemon limits its qubes, in this order:
/// 1. cgroup v2, in the daemon's own cgroup when it may write it and hand the memory and pids
///    controllers to sub-cgroups (a cgroup systemd delegated to it, or a hierarchy's root);
/// 2. cgroup v1, in the daemon's own cgroup of each of the memory, pids and cpu hierarchies that
///    it may write (hosts, and containers, that keep the controllers on v1);
/// 3. a systemd scope per qube, when systemd-run and a manager are there (a desktop session,
///    whose cgroups are systemd's);
/// and otherwise none: then the description says, once, in the daemon's log, that the qubes'
/// memory, tasks and CPU are not limited and why each way failed.
/// </summary>
internal static class CgroupDetection
{
    private static readonly string[] Wanted = ["memory", "pids", "cpu"];

    public static CgroupChoice Choose(CgroupHost host)
    {
        IReadOnlyList<CgroupHierarchy> hierarchies = CgroupMounts.Parse(host.Mountinfo, host.SelfCgroup);
        var whyNot = new List<string>();
        CgroupHierarchy? v2 = hierarchies.FirstOrDefault(h => h.IsV2);
        if (v2 is null)
        {
            whyNot.Add("no cgroup v2 hierarchy is mounted");
        }
        else if (TryV2(v2, whyNot) is { } tree)
        {
            return new CgroupChoice(tree, $"qube limits: {tree.Kind}");
        }

        var v1 = new List<CgroupHierarchy>();
        foreach (CgroupHierarchy hierarchy in hierarchies.Where(h => !h.IsV2 && h.Controllers.Any(Wanted.Contains)))
        {
            if (CgroupFiles.WhyNotWritable(hierarchy.OwnDirectory) is { } problem)
            {
                whyNot.Add($"cgroup v1 {string.Join(",", hierarchy.Controllers)}: {problem}");
            }
            else
            {
                v1.Add(hierarchy);
            }
        }

        if (v1.Any(h => h.Has("memory") || h.Has("pids")))
        {
            var tree = new CgroupV1Tree(v1);
            return new CgroupChoice(tree, $"qube limits: {tree.Kind}");
        }

        if (!hierarchies.Any(h => !h.IsV2))
        {
            whyNot.Add("no cgroup v1 hierarchy is mounted");
        }

        if (host.SystemdRun is { } systemdRun && host.SystemdManagerReachable)
        {
            var scopes = new SystemdScopes(systemdRun, userManager: !host.IsRoot, v2?.MountPoint);
            return new CgroupChoice(scopes, $"qube limits: {scopes.Kind}");
        }

        whyNot.Add(host.SystemdRun is null ? "systemd-run is not installed" : $"no systemd {(host.IsRoot ? "system" : "user")} manager runs");
        return new CgroupChoice(null, $"qube limits: the memory, tasks and CPU of qubes are NOT limited ({string.Join("; ", whyNot)}); only the sizes of their tmpfs mounts are");
    }

    /// <summary>The daemon's own v2 cgroup as the parent of qube cgroups, readied; null (and why in <paramref name="whyNot"/>) when it cannot be.</summary>
    private static CgroupV2Tree? TryV2(CgroupHierarchy v2, List<string> whyNot)
    {
        string directory = v2.OwnDirectory;
        string[] available = [.. Wanted.Intersect(CgroupFiles.Words(directory, "cgroup.controllers"))];
        if (!available.Contains("memory") && !available.Contains("pids"))
        {
            whyNot.Add($"cgroup v2 {directory}: no memory or pids controller is available there");
            return null;
        }

        if (CgroupFiles.WhyNotWritable(directory) is { } problem)
        {
            whyNot.Add($"cgroup v2: {problem}");
            return null;
        }

        var enabled = new List<string>(available);
        try
        {
            string[] missing = [.. available.Except(CgroupFiles.Words(directory, "cgroup.subtree_control"))];
            // Only a cgroup without processes of its own may hand controllers to its children
            // (the root of a hierarchy excepted): the daemon moves itself into a leaf first, which
            // is only right when it is alone in its cgroup (one systemd delegated to it).
            if (missing.Length > 0 && directory != v2.MountPoint)
            {
                IReadOnlyList<int> processes = CgroupFiles.Processes(directory);
                if (processes.Any(pid => pid != Environment.ProcessId))
                {
                    whyNot.Add($"cgroup v2 {directory}: other processes share the daemon's cgroup, so it cannot have sub-cgroups with limits (start the daemon in a cgroup of its own, e.g. systemd-run --user --scope -p Delegate=yes guivirt daemon)");
                    return null;
                }

                if (processes.Count > 0)
                {
                    string own = Path.Combine(directory, CgroupFiles.FolderName(".daemon"));
                    Directory.CreateDirectory(own);
                    CgroupFiles.Write(own, "cgroup.procs", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            foreach (string controller in missing)
            {
                try
                {
                    CgroupFiles.Write(directory, "cgroup.subtree_control", "+" + controller);
                }
                catch (IOException) when (controller == "cpu")
                {
                    // The cpu controller cannot be enabled while a real-time thread is in the
                    // subtree; qubes are then limited in memory and tasks but not CPU weight (ls says so).
                    enabled.Remove(controller);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot.Add($"cgroup v2 {directory}: cannot enable {string.Join(", ", available)} for sub-cgroups ({e.Message})");
            return null;
        }

        return new CgroupV2Tree(directory, enabled);
    }
}
