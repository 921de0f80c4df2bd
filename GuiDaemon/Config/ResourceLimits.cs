namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// What one qube may use of the daemon, from the host configuration only (<c>[limits]</c>, and
/// per <c>[[qube]]</c>). Each bound keeps one hostile qube from exhausting the daemon or the host
/// X server: windows (each is a host X window), grant memory (mapped by the daemon and the host X
/// server) and messages a second (each costs the daemon and often the host X server work).
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
    /// Messages a second a qube may send on average (a token bucket holding one second's worth).
    /// Beyond it the qube is throttled, not disconnected: the daemon stops reading its socket
    /// until the bucket refills, so the flood waits in the qube's own socket buffer.
    /// </summary>
    public int MessagesPerSecond { get; init; } = 50_000;

    /// <summary><see cref="MaxGrantMiB"/> in bytes.</summary>
    public long MaxGrantBytes => (long)MaxGrantMiB << 20;
}
