namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// What network a qube has. Every qube has a network namespace of its own (it is what keeps the
/// host X server's abstract socket out); this says what is attached to it.
/// </summary>
public enum QubeNetwork
{
    /// <summary>Loopback only: the qube reaches nothing outside itself (the default).</summary>
    None,

    /// <summary>
    /// User-mode networking: pasta (Debian package passt), outside the qube, carries the qube's
    /// TCP and UDP over the host's sockets, never to the host's loopback (see
    /// <see cref="Sandbox.UserNetwork"/>).
    /// </summary>
    User,
}

/// <summary>The names of <see cref="QubeNetwork"/> in the configuration, on the command line and in `guivirt ls`.</summary>
public static class QubeNetworks
{
    public static readonly string[] Names = ["none", "user"];

    public static string Name(this QubeNetwork network) => network == QubeNetwork.User ? "user" : "none";

    /// <summary>The mode a name stands for; null for anything else.</summary>
    public static QubeNetwork? TryParse(string? name) => name switch
    {
        "none" => QubeNetwork.None,
        "user" => QubeNetwork.User,
        _ => null,
    };
}
