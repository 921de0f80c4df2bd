using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// How this host gives each qube a cgroup with its limits (memory, tasks, CPU weight): a cgroup v2
/// subtree the daemon may write, writable cgroup v1 hierarchies, or a systemd scope per qube. Found
/// once per daemon (<see cref="CgroupDetection"/>); when no way works, qubes run without these
/// limits and <see cref="Description"/> says so.
/// </summary>
internal abstract class QubeCgroups
{
    private static readonly Lazy<CgroupChoice> s_current = new(() => CgroupDetection.Choose(CgroupHost.OfThisProcess()));

    /// <summary>This host's way, or null when qubes cannot be limited here.</summary>
    public static QubeCgroups? Current => s_current.Value.Cgroups;

    /// <summary>One line for the daemon's log: the way chosen, or why none works.</summary>
    public static string Description => s_current.Value.Description;

    /// <summary>What `guivirt ls` says where qubes cannot be limited.</summary>
    public const string Unlimited = "memory, tasks, cpu weight NOT limited (no cgroup for qubes here: see the daemon's log)";

    /// <summary>
    /// The daemon's CPU weight where it can raise it (a cgroup of its own among its qubes'): four
    /// times a qube's default, so that its loop, which serves every qube, keeps its share when
    /// qubes are busy.
    /// </summary>
    public const int DaemonCpuWeight = 400;

    /// <summary>How the qubes' commands are split from their X server and agent, for the log.</summary>
    protected static string SplitText => $"each qube's commands run in a cgroup of their own (cpu weight {QubeCgroup.AppsCpuWeight} against 100 for each of the qube's X server and agent)";

    /// <summary>What the log says where they are not split.</summary>
    protected const string NotSplit = "each qube's commands share the qube's CPU with its X server and agent as equals (a busy app can slow its own windows)";

    /// <summary>
    /// Raises the daemon's CPU weight where this way can, once, at the start; one line for the log
    /// that says what was done for scheduling and what could not be.
    /// </summary>
    public virtual string Scheduling() => $"scheduling ({Kind}): {NotSplit}; the daemon's CPU weight is not raised (done on cgroup v1 only)";

    /// <summary>The same line where qubes get no cgroup at all.</summary>
    public static string NoScheduling => $"scheduling: no writable cgroup: {NotSplit}; the daemon's CPU weight is not raised";

    /// <summary>What it is and where, for the log.</summary>
    public abstract string Kind { get; }

    /// <summary>What would be enforced for a qube with <paramref name="limits"/>, or what is not.</summary>
    public static string Planned(ResourceLimits limits) => Current?.Summary(limits) ?? Unlimited;

    /// <summary>The limits this way enforces, as text (<see cref="Describe"/>).</summary>
    public abstract string Summary(ResourceLimits limits);

    /// <summary>The cgroup of <paramref name="qubeName"/> with <paramref name="limits"/> applied; SandboxException when the kernel refuses.</summary>
    public abstract QubeCgroup Create(string qubeName, ResourceLimits limits);

    /// <summary>The limits as text: what is enforced and what is not, and how.</summary>
    public static string Describe(ResourceLimits limits, bool memory, bool tasks, bool cpu, string how)
    {
        var parts = new List<string>();
        var missing = new List<string>();
        (memory ? parts : missing).Add(memory ? $"memory {limits.MemoryMiB} MiB" : "memory");
        (tasks ? parts : missing).Add(tasks ? $"{limits.Pids} tasks" : "tasks");
        (cpu ? parts : missing).Add(cpu ? $"cpu weight {limits.CpuWeight}" : "cpu weight");
        string text = string.Join(", ", parts);
        if (missing.Count > 0)
        {
            text += (text.Length > 0 ? "; " : "") + $"{string.Join(", ", missing)} NOT limited";
        }

        return $"{text} ({how})";
    }
}
