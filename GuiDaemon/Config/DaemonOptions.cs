
namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// The daemon's settings. Host-side only: nothing here can come from a qube.
/// </summary>
public sealed record DaemonOptions(string? Display, string SocketDirectory, IReadOnlyList<QubeConfig> Qubes, int FrameWidth, DaemonConfig Config, string AuditLogPath)
{
    public const string Usage = """
        usage: guivirt daemon [--config FILE] [--display :N] [--socket-dir DIR] [--frame PIXELS] [--decorations frame|strip] [--qube NAME:LABEL ...]

        Shows the windows of qubes on this display. Each qube's agent connects to DIR/NAME.sock.
          --config FILE       the configuration (default: $XDG_CONFIG_HOME/guivirt/config.toml, if it exists)
          --display :N        the host display (default: $DISPLAY)
          --socket-dir DIR    where the control and qube sockets live (default: $XDG_RUNTIME_DIR/guivirt);
                              one daemon per DIR, which holds DIR/daemon.lock
          --frame PIXELS      width of the trusted frame, 1 to 8 (default: the config's, else 2)
          --decorations D     frame, or strip: the frame and a title strip drawn by the daemon (default: the
                              config's, else strip when no window manager runs, frame when one does)
          --audit-log FILE    the clipboard audit log (default: $XDG_STATE_HOME/guivirt/clipboard-audit.jsonl)
          --qube NAME:LABEL   a qube besides the configured ones; labels: red, orange, yellow, green, gray, blue, purple, black

        SIGINT (Ctrl+C), SIGTERM and SIGHUP stop it cleanly: its windows go, the qubes it started stop,
        its sockets are removed, and it exits 0.
        """;

    /// <summary>Parses and loads the configuration; null with a message naming the problem (file and line for the config).</summary>
    public static DaemonOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? display = null, configPath = null, auditLog = null;
        string socketDirectory = DefaultSocketDirectory();
        int? frame = null;
        Decorations? decorations = null;
        var qubes = new List<QubeConfig>();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--display":
                    display = Value();
                    break;
                case "--config":
                    configPath = Value();
                    break;
                case "--audit-log":
                    auditLog = Value();
                    break;
                case "--socket-dir":
                    socketDirectory = Value() ?? "";
                    break;
                case "--frame" when int.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out int width) && width is >= 1 and <= 8:
                    frame = width;
                    break;
                case "--decorations" when Value() is "frame" or "strip":
                    decorations = args[i] == "strip" ? Decorations.Strip : Decorations.Frame;
                    break;
                case "--qube" when Value() is { } spec && spec.Split(':') is [var name, var labelName]:
                    if (!QubeConfig.IsValidName(name))
                    {
                        error = $"qube name '{name}': use 1 to 31 ASCII letters, digits and dashes, starting with a letter";
                        return null;
                    }

                    if (Sandbox.DisposableQube.IsDisposableName(name))
                    {
                        error = $"qube name '{name}' is a disposable qube's (disp and a number): choose another";
                        return null;
                    }

                    if (Label.TryParse(labelName) is not { } label)
                    {
                        error = $"qube '{name}': unknown label '{labelName}' (one of {string.Join(", ", Label.Names)})";
                        return null;
                    }

                    if (qubes.Any(q => q.Name == name))
                    {
                        error = $"qube '{name}' is given twice";
                        return null;
                    }

                    qubes.Add(new QubeConfig(name, label));
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

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

        if (decorations is not null)
        {
            config = config with { Decorations = decorations }; // the command line wins
        }

        return new DaemonOptions(display, socketDirectory, qubes, frame ?? config.FrameWidth, config, auditLog ?? Clipboard.AuditLog.DefaultPath);
    }

    /// <summary>The limits of <paramref name="qube"/>: its own, else the configuration's.</summary>
    public ResourceLimits LimitsOf(QubeConfig qube) => qube.Limits ?? Config.Limits;

    private static string DefaultSocketDirectory() =>
        Environment.GetEnvironmentVariable("GUIVIRT_RUNTIME_DIR") is { Length: > 0 } directory ? directory : Control.ControlPaths.RuntimeDirectory;
}
