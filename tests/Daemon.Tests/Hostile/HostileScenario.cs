
namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>What the daemon does to the offender, as docs/protocol.md and docs/security.md say.</summary>
public enum Verdict
{
    /// <summary>The qube is disconnected; the log names the violation.</summary>
    Disconnected,

    /// <summary>The offending part is dropped or contained (sanitized, clamped, managed, throttled); the qube stays connected and is still served.</summary>
    Contained,
}

/// <summary>
/// One attack: it runs through its own qube (named like the scenario), so the daemon's log lines
/// about it are its own. <paramref name="LogText"/> is what the log must say (after "qube NAME");
/// null where the daemon applies policy without logging (the check then looks at the host screen).
/// </summary>
/// <param name="Name">Also the qube's name: 1 to 31 lower-case letters, digits and dashes.</param>
/// <param name="Attack">What the hostile agent does, in words, for docs/security.md.</param>
/// <param name="Verdict">What must happen to it.</param>
/// <param name="LogText">The log's reason, after "qube NAME".</param>
/// <param name="Run">The attack (connects through the context and leaves the attacker there).</param>
/// <param name="QubeSettings">Extra TOML lines for this qube's [[qube]] (its own limits).</param>
public sealed record HostileScenario(string Name, string Attack, Verdict Verdict, string? LogText, Func<HostileContext, Task> Run, string QubeSettings = "")
{
    /// <summary>A violation: disconnected with this reason.</summary>
    public static HostileScenario Violation(string name, string attack, Protocol.ProtocolViolation violation, Func<HostileContext, Task> run, string settings = "") =>
        new(name, attack, Verdict.Disconnected, $" disconnected: protocol violation {violation}", run, settings);

    public override string ToString() => Name;
}
