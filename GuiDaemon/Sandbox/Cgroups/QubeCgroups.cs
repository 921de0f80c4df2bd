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
