// guivirt: GuiVirt's command line. Read top-down: the commands here; `guivirt daemon` hands over to
// the trusted core (GuiDaemon/DaemonProgram.cs); every other command talks to the running daemon
// over its control socket (ControlClient.cs) or runs a tool of its own (demo, selftest, screenshot).
using GuiVirt.Cli;
using GuiVirt.Cli.Selftest;
using GuiVirt.GuiDaemon;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.X11;

const string Usage = """
    usage: guivirt COMMAND [--help]

    commands:
      daemon               run the daemon in the foreground (shows the qubes' windows)
      run QUBE [--label COLOR] -- CMD [ARGS...]
                           run CMD in the qube, starting its sandbox first if it is not running
      ls                   list the qubes: label, state, windows
      stop QUBE            stop a qube: its windows leave the screen
      screenshot FILE.png  save the host display as a PNG
      clipboard [--clear]  show where the clipboard's content came from and its size (never the content); --clear wipes it
      demo [FILE.png]      two sandboxed qubes with apps; writes demo.png (headless without a display)
      selftest             prove the isolation on this machine: a pass/fail table, exit 0 when all hold

    The command line talks to the running daemon over $XDG_RUNTIME_DIR/guivirt/control.sock
    (or the directory in $GUIVIRT_RUNTIME_DIR).
    """;

const string RunUsage = """
    usage: guivirt run QUBE [--label COLOR] -- CMD [ARGS...]

    Runs CMD inside the qube, like Qubes' qvm-run. A qube that is not running is started first (its
    sandbox, X server and agent); a running one is reused. A qube the daemon does not know yet is
    created with --label: red, orange, yellow, green, gray, blue, purple or black.
    """;

string runtime = Environment.GetEnvironmentVariable("GUIVIRT_RUNTIME_DIR") is { Length: > 0 } dir ? dir : ControlPaths.RuntimeDirectory;
try
{
    return args switch
    {
        ["daemon", .. var rest] => RunDaemon(rest),
        ["run", "--help" or "-h"] => Help(RunUsage),
        ["run", var qube, "--", .. var command] when command.Length > 0 => RunInQube(qube, null, command),
        ["run", var qube, "--label", var label, "--", .. var command] when command.Length > 0 => RunInQube(qube, label, command),
        ["run", ..] => Fail($"guivirt: {RunUsage}", 2),
        ["clipboard", "--help" or "-h"] => Help("usage: guivirt clipboard [--clear]\n\nShows which qube the clipboard holds text from, and how much (never the text). --clear wipes it."),
        ["clipboard"] => Report(ControlClient.Send(runtime, new ControlRequest("clipboard"), TimeSpan.FromSeconds(10))),
        ["clipboard", "--clear"] => Report(ControlClient.Send(runtime, new ControlRequest("clipboard-clear"), TimeSpan.FromSeconds(10))),
        ["ls", "--help" or "-h"] => Help("usage: guivirt ls\n\nLists the qubes the daemon knows: name, label, state and number of windows."),
        ["ls"] => List(),
        ["stop", "--help" or "-h"] => Help("usage: guivirt stop QUBE\n\nStops the qube: its agent is disconnected and its windows leave the screen."),
        ["stop", var qube] => Report(ControlClient.Send(runtime, new ControlRequest("stop", qube), TimeSpan.FromSeconds(10))),
        ["screenshot", "--help" or "-h"] => Help("usage: guivirt screenshot FILE.png [--display :N]\n\nSaves the host display (default: $DISPLAY) as a PNG."),
        ["screenshot", var file] => TakeScreenshot(file, null),
        ["screenshot", var file, "--display", var display] => TakeScreenshot(file, display),
        ["demo", "--help" or "-h"] => Help("usage: guivirt demo [FILE.png]\n\nStarts a daemon and two sandboxed qubes, work (blue) and personal (red), with xterm, xclock and xlogo,\nand saves the host screen to FILE.png (default demo.png). Without $DISPLAY it uses its own headless\ndisplay and ends after the screenshot; with one, the windows stay until Ctrl+C."),
        ["demo"] => Demo.Run("demo.png"),
        ["demo", var png] => Demo.Run(png),
        ["selftest", "--help" or "-h"] => Help(SelftestRun.Usage),
        ["selftest"] => SelftestRun.Run(Console.Out),
        ["--help" or "-h"] => Help(Usage),
        _ => Fail($"guivirt: unknown or incomplete command\n{Usage}", 2),
    };
}
catch (ControlException e)
{
    return Fail($"guivirt: {e.Message}", 1);
}
catch (XException e)
{
    return Fail($"guivirt: {e.Message}", 1);
}
catch (SandboxException e)
{
    // A program the command needs is missing (bwrap, Xvfb, dotnet, a build): the message names it.
    return Fail($"guivirt: {e.Message}", 1);
}

int RunDaemon(string[] rest) => rest is ["--help"] or ["-h"] ? Help(DaemonProgram.Usage) : DaemonProgram.Run(rest);

int RunInQube(string qube, string? label, string[] command) =>
    Report(ControlClient.Send(runtime, new ControlRequest("run", qube, label, command), TimeSpan.FromSeconds(60)));

int List()
{
    ControlResponse response = ControlClient.Send(runtime, new ControlRequest("ls"), TimeSpan.FromSeconds(10));
    if (!response.Ok)
    {
        return Report(response);
    }

    Console.WriteLine($"{"QUBE",-20} {"LABEL",-8} {"STATE",-10} WINDOWS");
    foreach (QubeStatus qube in response.Qubes ?? [])
    {
        Console.WriteLine($"{qube.Name,-20} {qube.Label,-8} {qube.State,-10} {qube.Windows}");
    }

    return 0;
}

int TakeScreenshot(string file, string? display)
{
    using XDisplay host = XDisplay.Open(display);
    Screenshot.Save(host, file);
    Console.WriteLine($"wrote {file} ({host.Width}x{host.Height})");
    return 0;
}

static int Report(ControlResponse response) => response.Ok ? Help(response.Message) : Fail($"guivirt: {response.Message}", 1);

static int Help(string text)
{
    Console.WriteLine(text);
    return 0;
}

static int Fail(string text, int code)
{
    Console.Error.WriteLine(text);
    return code;
}
