namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// What `guivirt daemon` was given on the command line, as parsed by `guivirt` (Cli/CommandTree.cs,
/// where every option is declared); <see cref="DaemonOptions.Load"/> checks it and adds the
/// configuration. Null means the option was not given. Host-side only: nothing here can come from a qube.
/// </summary>
/// <param name="Qubes">Each <c>--qube NAME:LABEL</c>, as typed.</param>
public sealed record DaemonArguments(
    string? Display = null,
    string? ConfigPath = null,
    string? SocketDirectory = null,
    int? FrameWidth = null,
    string? AuditLogPath = null,
    IReadOnlyList<string>? Qubes = null,
    bool Verbose = false,
    Decorations? Decorations = null)
{
    /// <summary>Each <c>--qube NAME:LABEL</c>, as typed (none when not given).</summary>
    public IReadOnlyList<string> Qubes { get; init; } = Qubes ?? [];
}
