using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// `guivirt daemon`: the only door from the command line into the trusted core. Parses the
/// options, opens the host display and runs <see cref="Daemon"/> until a signal or the display
/// ends it. Read top-down: the loop in Daemon.cs, one session per connected qube in Session/.
/// </summary>
public static class DaemonProgram
{
    public static string Usage => DaemonOptions.Usage;

    /// <summary>Runs the daemon in the foreground; the exit code (0 stopped, 1 failed, 2 usage).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        DaemonOptions? options = DaemonOptions.Parse(args, out string? error);
        if (options is null)
        {
            Log.Info($"{error}");
            return 2;
        }

        try
        {
            using XDisplay host = XDisplay.Open(options.Display);
            host.RequireCaptureExtensions(); // MIT-SHM 1.2 is what the daemon needs; the rest is checked alike
            using var daemon = new Daemon(host, options, TimeProvider.System);
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                daemon.Stop();
            });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                daemon.Stop();
            });
            return daemon.Run();
        }
        catch (XException e)
        {
            Log.Info(e.Message);
            return 1;
        }
    }
}
