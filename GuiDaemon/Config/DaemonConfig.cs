
namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// The daemon's configuration file, all host-side. Every setting has a default, so no file at all
/// is a valid configuration (qubes then come from the command line).
/// </summary>
public sealed record DaemonConfig
{
    /// <summary>Width of the trusted frame, 1 to 8 pixels.</summary>
    public int FrameWidth { get; init; } = 2;

    /// <summary>What a qube's fullscreen request does: maximize (the default, as Qubes) or really go fullscreen.</summary>
    public FullscreenPolicy Fullscreen { get; init; } = FullscreenPolicy.Maximize;

    /// <summary>
    /// How the daemon marks a qube window: the frame only, or the frame with a title strip (the
    /// qube's name and title in its label colour across the top). Null: a strip when no window
    /// manager runs when the daemon starts (nothing else would title the window), else the frame.
    /// </summary>
    public Decorations? Decorations { get; init; }

    /// <summary>Clipboard settings, for every qube unless a qube sets its own limit.</summary>
    public ClipboardConfig Clipboard { get; init; } = new();

    /// <summary>File copy between qubes (`guivirt copy`).</summary>
    public CopyConfig Copy { get; init; } = new();

    /// <summary>The daemon's own hotkeys, grabbed on the host whichever window has the focus.</summary>
    public HotkeysConfig Hotkeys { get; init; } = new();

    /// <summary>Every qube's resource limits, unless a qube has its own.</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>
    /// The only host interface through which qubes with network "user" reach out (<c>[network]
    /// outbound_interface</c>); null: the interface of the host's default IPv4 route, looked up when
    /// each such qube starts.
    /// </summary>
    public string? OutboundInterface { get; init; }

    /// <summary>The ssh client's configuration for remote qubes (<c>[remote] ssh_config</c>, passed as <c>ssh -F</c>); null: the user's own.</summary>
    public string? SshConfig { get; init; }

    /// <summary>The far side's guivirt command (<c>[remote] guivirt</c>), run by its login shell; default "guivirt".</summary>
    public string RemoteGuivirt { get; init; } = "guivirt";

    /// <summary>The configured qubes.</summary>
    public IReadOnlyList<QubeConfig> Qubes { get; init; } = [];
}

/// <summary>How fullscreen requests from qubes are handled.</summary>
public enum FullscreenPolicy
{
    /// <summary>Maximize instead: the window keeps its frame and title, so it stays recognisable.</summary>
    Maximize,
    /// <summary>Allow real fullscreen (the frame stays: it is part of the window).</summary>
    Allow,
}

/// <summary>Clipboard options (used by the clipboard mediation).</summary>
public sealed record ClipboardConfig
{
    /// <summary>Whether the copy and paste hotkeys work at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Largest copy accepted from a qube, in bytes (up to the protocol's 256,000).</summary>
    public int MaxBytes { get; init; } = Protocol.Limits.DefaultClipboardBytes;

    /// <summary>The copy hotkey.</summary>
    public string CopyKey { get; init; } = "Ctrl+Shift+C";

    /// <summary>The paste hotkey.</summary>
    public string PasteKey { get; init; } = "Ctrl+Shift+V";

    /// <summary>Paste policy; the first matching rule decides, and with none every paste is allowed.</summary>
    public IReadOnlyList<FlowRule> Rules { get; init; } = [];

    /// <inheritdoc/>
    public bool Equals(ClipboardConfig? other) =>
        other is not null && (Enabled, MaxBytes, CopyKey, PasteKey) == (other.Enabled, other.MaxBytes, other.CopyKey, other.PasteKey) && Rules.SequenceEqual(other.Rules);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Enabled, MaxBytes, CopyKey, PasteKey, Rules.Count);
}

/// <summary>File copy options: whether `guivirt copy` works, how long a qube may stall it, and the policy.</summary>
public sealed record CopyConfig
{
    /// <summary>Whether `guivirt copy` works at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long a copy waits for a qube's next step (a header, a chunk, an acknowledgement) before it fails.</summary>
    public int TimeoutSeconds { get; init; } = 30;

    /// <summary>Copy policy; the first matching rule decides, and with none every copy is allowed.</summary>
    public IReadOnlyList<FlowRule> Rules { get; init; } = [];

    /// <inheritdoc/>
    public bool Equals(CopyConfig? other) =>
        other is not null && (Enabled, TimeoutSeconds) == (other.Enabled, other.TimeoutSeconds) && Rules.SequenceEqual(other.Rules);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Enabled, TimeoutSeconds, Rules.Count);
}

/// <summary>The trusted hotkeys: no qube sees their key events, whichever window has the focus.</summary>
public sealed record HotkeysConfig
{
    /// <summary>Unmaps every override-redirect window of the qube under the pointer (and manages its later ones).</summary>
    public string EscapeKey { get; init; } = "Ctrl+Alt+Shift+K";

    /// <summary>While held, every qube window is covered by its label colour and its qube's name.</summary>
    public string XRayKey { get; init; } = "Ctrl+Alt+Shift+X";
}

/// <summary>What the daemon draws around a qube window.</summary>
public enum Decorations
{
    /// <summary>The label-coloured frame (and the window manager's title, where one runs).</summary>
    Frame,

    /// <summary>The frame and a trusted title strip across the top, drawn by the daemon.</summary>
    Strip,
}
