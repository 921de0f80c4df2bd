// guivirt: the trusted half of GuiVirt, on the host desktop. Read top-down: options, the host
// display, the daemon's loop (Daemon.cs), one session per connected qube (QubeSession*.cs).
using GuiVirt.GuiDaemon;
using GuiVirt.X11;

if (args is not ["daemon", .. var rest])
{
    Console.Error.WriteLine(DaemonOptions.Usage);
    return args is ["--help"] or ["-h"] ? 0 : 2;
}

if (rest is ["--help"] or ["-h"])
{
    Console.WriteLine(DaemonOptions.Usage);
    return 0;
}

DaemonOptions? options = DaemonOptions.Parse(rest, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"guivirt: {error}");
    return 2;
}

try
{
    using XDisplay host = XDisplay.Open(options.Display);
    host.RequireCaptureExtensions(); // MIT-SHM 1.2 is what the daemon needs; the rest is checked alike
    using var daemon = new Daemon(host, options);
    using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        daemon.Stop();
    });
    using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, context =>
    {
        context.Cancel = true;
        daemon.Stop();
    });
    return daemon.Run();
}
catch (XException e)
{
    Console.Error.WriteLine($"guivirt: {e.Message}");
    return 1;
}
