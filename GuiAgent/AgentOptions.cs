namespace GuiVirt.GuiAgent;

/// <summary>The agent's command line.</summary>
internal sealed record AgentOptions(string? Display, string SocketPath, bool Once, bool Verbose = false)
{
    /// <summary>With --set-screen: the size to give the X server's screen, after which the agent exits.</summary>
    public (int Width, int Height)? SetScreen { get; init; }

    /// <summary>The largest screen side --set-screen takes (X11 sizes are 16-bit).</summary>
    public const int MaxScreenSide = 32767;

    public const string Usage = """
        usage: guivirt-agent --socket PATH [--display :N] [--once] [--verbose]
               guivirt-agent --set-screen WxH [--display :N]

        Runs inside a qube: acts as the window manager of the qube's X server, captures its
        windows into shared memory and shows them through the GuiVirt daemon listening on PATH.
          --socket PATH   the daemon's Unix socket for this qube (required)
          --display :N    the qube's X display (default: $DISPLAY)
          --once          exit when the daemon disconnects instead of reconnecting
          --verbose       also write debug lines to the log
          --set-screen WxH
                          only set the X server's screen to W x H pixels (RandR, within the
                          framebuffer it started with) and exit: the qube's init does this
                          before any app starts, so no app sees the framebuffer's size
        """;

    /// <summary>Parses; null with an error message when the arguments are wrong.</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? display = null, socket = null;
        bool once = false, verbose = false;
        (int, int)? setScreen = null;
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
                case "--set-screen" when i + 1 < args.Count:
                    setScreen = ParseSize(args[++i]);
                    if (setScreen is null)
                    {
                        error = $"--set-screen wants WxH, each 1 to {MaxScreenSide}, not '{args[i]}'";
                        return null;
                    }

                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        if (setScreen is not null)
        {
            return new AgentOptions(display, socket ?? "", once, verbose) { SetScreen = setScreen };
        }

        if (socket is null)
        {
            error = "--socket PATH is required";
            return null;
        }

        return new AgentOptions(display, socket, once, verbose);
    }

    private static (int Width, int Height)? ParseSize(string text)
    {
        string[] parts = text.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int width)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int height)
            && width is >= 1 and <= MaxScreenSide && height is >= 1 and <= MaxScreenSide
            ? (width, height)
            : null;
    }
}
