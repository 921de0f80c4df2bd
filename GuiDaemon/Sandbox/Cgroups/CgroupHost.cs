namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// What decides how qubes can be limited on this host, gathered in one place so that the choice
/// (<see cref="CgroupDetection"/>) can be tested against any host: the mounts, this process's
/// cgroups, whether it is root, and whether a systemd manager could make scopes for it.
/// </summary>
/// <param name="Mountinfo">The text of /proc/self/mountinfo.</param>
/// <param name="SelfCgroup">The text of /proc/self/cgroup.</param>
/// <param name="IsRoot">The daemon runs as root (then the system manager makes scopes).</param>
/// <param name="SystemdRun">The systemd-run program, or null.</param>
/// <param name="SystemdManagerReachable">A systemd manager for this user answers (its socket exists).</param>
internal sealed record CgroupHost(string Mountinfo, string SelfCgroup, bool IsRoot, string? SystemdRun, bool SystemdManagerReachable)
{
    public static CgroupHost OfThisProcess()
    {
        bool root = QubeUser.DaemonIsRoot;
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        // systemd's own test for "booted with systemd"; the user manager listens on its private
        // socket in the user's runtime folder.
        bool reachable = root
            ? Directory.Exists("/run/systemd/system")
            : runtime is { Length: > 0 } && Path.IsPathRooted(runtime) && File.Exists(Path.Combine(runtime, "systemd", "private"));
        return new CgroupHost(
            File.ReadAllText("/proc/self/mountinfo"),
            File.ReadAllText("/proc/self/cgroup"),
            root,
            HostPrograms.Find("systemd-run"),
            reachable);
    }
}
