namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// What one qube may use of the daemon and of the host, from the host configuration only
/// (<c>[limits]</c>, and per <c>[[qube]]</c>). Each bound keeps one hostile qube from exhausting
/// the daemon, the host X server or the host: windows (each is a host X window), grant memory
/// (mapped by the daemon and the host X server), messages a second (each costs the daemon and
/// often the host X server work), and the qube's own processes, memory, CPU share and tmpfs
/// (enforced by the kernel: a cgroup per qube, see <c>Sandbox/Cgroups</c>, and sized tmpfs mounts).
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>The defaults, documented in README.md and docs/security.md.</summary>
    public static ResourceLimits Default { get; } = new();

    /// <summary>Most windows a qube may have at once, mapped or not; one more is <c>ResourceLimitExceeded</c>.</summary>
    public int MaxWindows { get; init; } = 500;

    /// <summary>Most grant memory a qube may have mapped here at once, in MiB; more is <c>ResourceLimitExceeded</c>.</summary>
    public int MaxGrantMiB { get; init; } = 1024;

    /// <summary>
    /// Cost units a second a qube may spend on average (a token bucket holding one second's worth):
    /// a plain message is one unit, the host work a message causes costs more
    /// (Session/MessageCosts.cs). Beyond it the qube is throttled, not disconnected: the daemon stops reading its socket
    /// until the bucket refills, so the flood waits in the qube's own socket buffer.
    /// </summary>
    public int MessagesPerSecond { get; init; } = 50_000;

    /// <summary>
    /// Memory all of the qube's processes may use together, in MiB, tmpfs pages included (the
    /// cgroup's memory.max, or memory.limit_in_bytes on cgroup v1). Beyond it the kernel's OOM
    /// killer ends a process of that qube, never one of the host's or another qube's.
    /// </summary>
    public int MemoryMiB { get; init; } = 4096;

    /// <summary>Processes and threads the qube may have at once (pids.max); one more fork fails in the qube with EAGAIN.</summary>
    public int Pids { get; init; } = 1024;

    /// <summary>The qube's share of the CPU when it is contended (cpu.weight, 1..10000; 100 is an ordinary process group's).</summary>
    public int CpuWeight { get; init; } = 100;

    /// <summary>Size of each of the qube's writable tmpfs mounts, /tmp and /dev/shm, in MiB; writing beyond it fails with ENOSPC.</summary>
    public int TmpMiB { get; init; } = 512;

    /// <summary>The values each limit may take (the configuration's, and the far side's of a remote qube).</summary>
    public static readonly (int Min, int Max) MaxWindowsRange = (1, 10_000), MaxGrantMiBRange = (1, 16_384),
        MessagesPerSecondRange = (100, 10_000_000),
        // A qube needs its init, Xvfb and the agent (a .NET process of about 60 MiB and 20
        // threads) before any app: below these floors it could not start at all.
        MemoryMiBRange = (128, 1_048_576), PidsRange = (64, 4_194_304), // the kernel's largest pid_max
        CpuWeightRange = (1, 10_000), // cgroup v2's cpu.weight range
        TmpMiBRange = (1, 1_048_576);

    /// <summary><see cref="MaxGrantMiB"/> in bytes.</summary>
    public long MaxGrantBytes => (long)MaxGrantMiB << 20;
}
