using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// What a qube's sandbox is made of, all decided on the host: the qube's name (its hostname inside),
/// the daemon socket its agent talks to (the only socket bound in), the persistent home bound at
/// /home/user (null for a disposable qube: its home is then a tmpfs of its own, sized like its
/// /tmp, that exists only in the sandbox and goes with it), the size of the qube's own X screen, and its limits (memory, tasks, CPU weight and
/// tmpfs sizes; the defaults when none are given).
/// </summary>
public sealed record SandboxSpec(string QubeName, string AgentSocketPath, string? HomeDirectory, int ScreenWidth, int ScreenHeight, ResourceLimits? QubeLimits = null)
{
    /// <summary>
    /// The smallest framebuffer the qube's Xvfb is started with: its screen can grow (RandR,
    /// SCREEN_CONFIG) up to the size it started with and no further, so it starts large enough for
    /// a 4K host, or the host's size when that is larger. Xvfb fills its framebuffer at start: 3840
    /// x 2160 costs about 25 MB more than 1920 x 1080 (measured resident: 100 MB against 76 MB;
    /// 7680 x 4320 would be 198 MB a qube).
    /// </summary>
    public const int MinFramebufferWidth = 3840, MinFramebufferHeight = 2160;

    /// <summary>The framebuffer the qube's Xvfb starts with (the agent sets the host's size inside it).</summary>
    public (int Width, int Height) Framebuffer => (Math.Max(ScreenWidth, MinFramebufferWidth), Math.Max(ScreenHeight, MinFramebufferHeight));

    /// <summary>The limits that apply: <see cref="QubeLimits"/>, or the defaults.</summary>
    public ResourceLimits Limits => QubeLimits ?? ResourceLimits.Default;

    /// <summary>Where the commands' output goes (<see cref="CommandLog"/>, outside the qube); null: read and dropped.</summary>
    public string? CommandLogPath { get; init; }

    /// <summary>What is attached to the qube's own network namespace: nothing (loopback only), or <see cref="UserNetwork"/>.</summary>
    public QubeNetwork Network { get; init; }

    /// <summary>The host's cgroup.procs file of the qube's apps cgroup (<see cref="Cgroups.QubeCgroup.AppsProcs"/>), bound in for the init; null: none.</summary>
    public string? AppsCgroupProcs { get; init; }

    /// <summary>The density the qube's apps render at: Xft.dpi on its screen and the toolkits' variables (<see cref="QubeAccount.Environment"/>).</summary>
    public DisplayScale Scale { get; init; } = DisplayScale.One;

    /// <summary>The host interface a network "user" goes out through; null: the default route's.</summary>
    public string? OutboundInterface { get; init; }
}
