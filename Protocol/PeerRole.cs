namespace GuiVirt.Protocol;

/// <summary>The two ends of a connection. The agent is untrusted; the daemon is the host.</summary>
public enum PeerRole
{
    /// <summary>guivirt-agent, inside a qube.</summary>
    Agent,
    /// <summary>guivirt daemon, on the host.</summary>
    Daemon,
}
