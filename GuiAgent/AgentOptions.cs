namespace GuiVirt.GuiAgent;

/// <summary>The agent's command line.</summary>
internal sealed record AgentOptions(string? Display, string SocketPath, bool Once, bool Verbose = false)
{
    public const string Usage = """
        usage: guivirt-agent --socket PATH [--display :N] [--once] [--verbose]

        Runs inside a qube: acts as the window manager of the qube's X server, captures its
        windows into shared memory and shows them through the GuiVirt daemon listening on PATH.
          --socket PATH   the daemon's Unix socket for this qube (required)
          --display :N    the qube's X display (default: $DISPLAY)
          --once          exit when the daemon disconnects instead of reconnecting
          --verbose       also write debug lines to the log
        """;

    /// <summary>Parses; null with an error message when the arguments are wrong.</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? display = null, socket = null;
        bool once = false, verbose = false;
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--display" when i + 1 < args.Count:
                    display = args[++i];
                    break;
                case "--socket" when i + 1 < args.Count:
                    socket = args[++i];
                    break;
                case "--once":
                    once = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        if (socket is null)
        {
            error = "--socket PATH is required";
            return null;
        }

        return new AgentOptions(display, socket, once, verbose);
    }
}
