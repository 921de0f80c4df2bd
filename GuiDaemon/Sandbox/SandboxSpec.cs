namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// What a qube's sandbox is made of, all decided on the host: the qube's name (its hostname inside),
/// the daemon socket its agent talks to (the only socket bound in), the persistent home bound at
/// /home/user, and the size of the qube's own X screen.
/// </summary>
public sealed record SandboxSpec(string QubeName, string AgentSocketPath, string HomeDirectory, int ScreenWidth, int ScreenHeight)
{
    /// <summary>Where the commands' output goes (<see cref="CommandLog"/>, outside the qube); null: read and dropped.</summary>
    public string? CommandLogPath { get; init; }
}
