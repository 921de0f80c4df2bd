namespace GuiVirt.DaemonFuzz;

/// <summary>
/// The first byte of every input: how the harness plays the parts the stream of bytes cannot
/// (which descriptors travel with which bytes, what the grant backend and the host server do,
/// whether the user acts between messages). The rest of the input is what the agent sends.
/// </summary>
[Flags]
public enum HarnessOptions : byte
{
    /// <summary>An honest sender: one descriptor with each chunk whose type field says WINDOW_DUMP.</summary>
    None = 0,

    /// <summary>No descriptor at all (with <see cref="FdWithEveryChunk"/>: honest plus one before the hello).</summary>
    NoFds = 1 << 0,

    /// <summary>One descriptor with every chunk, whatever its type.</summary>
    FdWithEveryChunk = 1 << 1,

    /// <summary>The grant backend refuses every grant (as for an unsealed memfd).</summary>
    GrantsRefused = 1 << 2,

    /// <summary>The host X server refuses grants (its trouble, not the qube's): every other attach fails, and every image.</summary>
    HostRefusesGrants = 1 << 3,

    /// <summary>After every message the user exposes, focuses and copies-then-pastes in each window.</summary>
    UserActs = 1 << 4,

    /// <summary>After every message the host window manager echoes our geometry requests.</summary>
    ConfigureEchoes = 1 << 5,

    /// <summary>After every message the user moves each window and iconifies, then restores it.</summary>
    UserMovesAndIconifies = 1 << 6,

    /// <summary>
    /// A reparenting window manager runs: it takes fullscreen and maximize requests, reparents
    /// each window into its frame, and answers with a frame-relative real ConfigureNotify and a
    /// synthetic one in root coordinates.
    /// </summary>
    WindowManagerRuns = 1 << 7,
}
