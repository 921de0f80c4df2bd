namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// The daemon's settings. Host-side only: nothing here can come from a qube.
/// </summary>
public sealed record DaemonOptions(string? Display, string SocketDirectory, IReadOnlyList<QubeConfig> Qubes, int FrameWidth, DaemonConfig Config, string AuditLogPath)
{
    /// <summary>
    /// Checks the command line's values and loads the configuration; null with a message naming
    /// the problem (file and line for the config). The command line itself is parsed by `guivirt`
    /// (Cli/CommandTree.cs), which checks each value as it parses it with the same methods.
    /// </summary>
    public static DaemonOptions? Load(DaemonArguments args, out string? error)
    {
        var qubes = new List<QubeConfig>();
        error = null;
        foreach (string spec in args.Qubes)
        {
            if (QubeConfig.ParseSpec(spec, out error) is not { } qube)
            {
                return null;
            }

            if (qubes.Any(q => q.Name == qube.Name))
            {
                error = $"qube '{qube.Name}' is given twice";
                return null;
            }

            qubes.Add(qube);
        }

        if (args.FrameWidth is { } frame && CheckFrameWidth(frame) is { } frameError)
        {
            error = frameError;
            return null;
        }

        string? configPath = args.ConfigPath;
        DaemonConfig config;
        try
        {
            config = ConfigFile.Load(configPath ?? ConfigFile.DefaultPath, mustExist: configPath is not null);
        }
        catch (ConfigException e)
        {
            error = e.Message;
            return null;
        }
        catch (IOException e)
        {
            error = $"{configPath ?? ConfigFile.DefaultPath}: {e.Message}";
            return null;
        }

        foreach (QubeConfig configured in config.Qubes.Where(c => qubes.All(q => q.Name != c.Name)).Reverse())
        {
            qubes.Insert(0, configured); // the command line wins for a name given both ways
        }

        if (args.Decorations is { } decorations)
        {
            config = config with { Decorations = decorations }; // the command line wins
        }

        return new DaemonOptions(args.Display, args.SocketDirectory ?? DefaultSocketDirectory(), qubes, args.FrameWidth ?? config.FrameWidth, config, args.AuditLogPath ?? Clipboard.AuditLog.DefaultPath);
    }

    /// <summary>Null when <paramref name="pixels"/> is a frame width the daemon draws (1 to 8), else why not.</summary>
    public static string? CheckFrameWidth(int pixels) =>
        pixels is >= 1 and <= 8 ? null : $"the frame is 1 to 8 pixels wide, not {pixels}";

    /// <summary>The limits of <paramref name="qube"/>: its own, else the configuration's.</summary>
    public ResourceLimits LimitsOf(QubeConfig qube) => qube.Limits ?? Config.Limits;

    /// <summary>The qube's own scale, else the configuration's (the daemon fills that in from the host's Xft.dpi when it is not set), else 1.</summary>
    public DisplayScale ScaleOf(QubeConfig qube) => qube.Scale ?? Config.Scale ?? DisplayScale.One;

    private static string DefaultSocketDirectory() =>
        Environment.GetEnvironmentVariable("GUIVIRT_RUNTIME_DIR") is { Length: > 0 } directory ? directory : Control.ControlPaths.RuntimeDirectory;
}
