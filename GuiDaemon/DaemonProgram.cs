using GuiVirt.GuiDaemon.Config;
using GuiVirt.SharedMemory.Files;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// `guivirt daemon`: the only door from the command line into the trusted core. Checks the
/// options (parsed by `guivirt`, Cli/CommandTree.cs), loads the configuration, takes the runtime directory's lock, opens the host display and runs <see cref="Daemon"/>
/// until a signal or the display ends it. Read top-down: the loop in Daemon.cs, one session per
/// connected qube in Session/.
/// </summary>
public static class DaemonProgram
{
    /// <summary>The lock file in the runtime directory: one daemon per directory.</summary>
    public const string LockFileName = "daemon.lock";

    /// <summary>Runs the daemon in the foreground; the exit code (0 stopped, 1 failed, 2 usage or configuration).</summary>
    public static int Run(DaemonArguments args)
    {
        Log.Verbose = args.Verbose;
        using var signals = new StopSignals();
        DaemonOptions? options = DaemonOptions.Load(args, out string? error);
        if (options is null)
        {
            Log.Error($"{error}");
            return 2;
        }

        Log.Debug($"display {options.Display ?? "$DISPLAY"}, sockets in {options.SocketDirectory}, frame {options.FrameWidth} px, {options.Qubes.Count} qubes configured");

        try
        {
            using InstanceLock? runtimeLock = TakeRuntimeDirectory(options.SocketDirectory);
            if (runtimeLock is null)
            {
                return 1;
            }

            using XDisplay host = XDisplay.Open(options.Display);
            host.RequireCaptureExtensions(); // MIT-SHM 1.2 is what the daemon needs; the rest is checked alike
            using var daemon = new Daemon(host, options, TimeProvider.System, signals.Token);
            int code = daemon.Run();
            if (signals.Received is { } signal)
            {
                Log.Info($"{signal}: stopping: every qube the daemon started is stopped, and its sockets in {options.SocketDirectory} removed");
            }

            return code;
        }
        catch (XException e)
        {
            Log.Error(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error(e.Message);
            return 1;
        }
    }

    /// <summary>
    /// One daemon per runtime directory: a second one would delete and re-bind the first's sockets,
    /// leaving the first unreachable. The lock is taken before any socket is touched; null (after
    /// saying who holds it) when another daemon does.
    /// </summary>
    private static InstanceLock? TakeRuntimeDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        InstanceLock? taken = InstanceLock.TryTake(Path.Combine(directory, LockFileName), out int? holder);
        if (taken is null)
        {
            string who = holder is { } pid ? $"another daemon (pid {pid})" : "another daemon";
            Log.Error($"{who} already runs on {directory}; stop it first, or give this one another --socket-dir");
        }

        return taken;
    }
}
