// guivirt: GuiVirt's command line. Read top-down: the commands here; `guivirt daemon` hands over to
// the trusted core (GuiDaemon/DaemonProgram.cs); every other command talks to the running daemon
// over its control socket (ControlClient.cs) or runs a tool of its own (demo, selftest, screenshot).
using System.Reflection;
using GuiVirt.Cli;
using GuiVirt.Cli.Menu;
using GuiVirt.Cli.Selftest;
using GuiVirt.GuiDaemon;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.X11;

const string Usage = """
    usage: guivirt COMMAND [--help]

    commands:
      daemon               run the daemon in the foreground (shows the qubes' windows)
      run QUBE [--label COLOR] [--network none|user] [--wait] -- CMD [ARGS...]
                           run CMD in the qube, starting its sandbox first if it is not running
      run --disposable [--label COLOR] [--wait] -- CMD [ARGS...]
                           run CMD in a new disposable qube (disp1, disp2, ...), destroyed when it is over
      copy SOURCE:PATH... TARGET
                           copy files from qube SOURCE into ~/Incoming/SOURCE in qube TARGET
      logs QUBE [-f]       show what the qube's commands printed; -f follows it
      ls                   list the qubes: label, state, windows, network, limits
      stop QUBE            stop a qube: its windows leave the screen
      screenshot FILE.png  save the host display as a PNG
      clipboard [--clear]  show where the clipboard's content came from and its size (never the content); --clear wipes it
      demo [FILE.png]      two sandboxed qubes with apps; writes demo.png (headless without a display)
      selftest             prove the isolation on this machine: a pass/fail table, exit 0 when all hold
      menu add|ls|rm       desktop-menu entries "[QUBE] NAME" that run an app in a qube (menu --help)
      --version            print guivirt's version

    The command line talks to the running daemon over $XDG_RUNTIME_DIR/guivirt/control.sock
    (or the directory in $GUIVIRT_RUNTIME_DIR).
    """;

const string RunUsage = """
    usage: guivirt run QUBE [--label COLOR] [--network none|user] [--wait] -- CMD [ARGS...]
           guivirt run --disposable [--label COLOR] [--network none|user] [--wait] -- CMD [ARGS...]

    Runs CMD inside the qube, like Qubes' qvm-run. A qube that is not running is started first (its
    sandbox, X server and agent); a running one is reused. A qube the daemon does not know yet is
    created with --label: red, orange, yellow, green, gray, blue, purple or black. Its network is
    none (loopback only) unless --network user gives it user-mode networking: the internet and the
    LAN, never the host itself (pasta, Debian package passt). A qube's network does not change.

    Returns once the qube has started CMD (exit 0). When CMD is not in the qube it exits 127, when it
    cannot be executed 126, as a shell does. With --wait it returns when CMD ends, with its exit
    status. What CMD prints goes to the qube's log: `guivirt logs QUBE`.

    With --disposable, CMD runs in a fresh qube named by the daemon (disp1, disp2, ...; label red
    unless --label says otherwise) whose home is in memory only. The qube is destroyed, with all
    its files, when CMD has exited and none of its windows is shown, or when its windows have all
    been closed (for 2 s). `guivirt ls` shows it as disposable while it lives.
    """;

const string CopyUsage = """
    usage: guivirt copy SOURCE:PATH... TARGET

    Copies files from qube SOURCE into qube TARGET, like Qubes' qvm-copy. Each PATH is a file in
    SOURCE (absolute, or relative to its home); all of them come from the same qube. They land in
    ~/Incoming/SOURCE in TARGET; a name that is taken there gets a numbered suffix (NAME.1, ...),
    nothing is overwritten. Both qubes must be running.

    Only regular files: a symbolic link, a directory or a device is refused. At most 1 GiB a file,
    4 GiB and 10000 files a copy. The [[copy.rule]] policy of the daemon's configuration may deny
    it. Exit 0 when every file arrived; 1 with the reason otherwise (files copied before a failure
    stay in TARGET).
    """;

string runtime = Environment.GetEnvironmentVariable("GUIVIRT_RUNTIME_DIR") is { Length: > 0 } dir ? dir : ControlPaths.RuntimeDirectory;
try
{
    return args switch
    {
        ["daemon", .. var rest] => RunDaemon(rest),
        ["run", "--help" or "-h"] => Help(RunUsage),
        ["run", "--disposable", .. var rest] when ParseRun(rest) is { } run => RunDisposable(run.Label, run.Network, run.Wait, run.Command),
        ["run", var qube, .. var rest] when !qube.StartsWith('-') && ParseRun(rest) is { } run => RunInQube(qube, run.Label, run.Network, run.Wait, run.Command),
        ["run", ..] => Fail($"guivirt: {RunUsage}", 2),
        ["copy", "--help" or "-h"] => Help(CopyUsage),
        ["copy", .. var sources, var target] when ParseCopy(sources) is { } copy => CopyFiles(copy.Source, copy.Paths, target),
        ["copy", ..] => Fail($"guivirt: {CopyUsage}", 2),
        ["logs", "--help" or "-h"] => Help(QubeLogs.Usage),
        ["logs", var qube] => QubeLogs.Show(runtime, qube, follow: false),
        ["logs", var qube, "-f" or "--follow"] => QubeLogs.Show(runtime, qube, follow: true),
        ["logs", "-f" or "--follow", var qube] => QubeLogs.Show(runtime, qube, follow: true),
        ["logs", ..] => Fail($"guivirt: {QubeLogs.Usage}", 2),
        ["clipboard", "--help" or "-h"] => Help("usage: guivirt clipboard [--clear]\n\nShows whether the clipboard holds text or an image, how much, and which qube it came from (never the content). --clear wipes it."),
        ["clipboard"] => Report(ControlClient.Send(runtime, new ControlRequest("clipboard"), TimeSpan.FromSeconds(10))),
        ["clipboard", "--clear"] => Report(ControlClient.Send(runtime, new ControlRequest("clipboard-clear"), TimeSpan.FromSeconds(10))),
        ["ls", "--help" or "-h"] => Help("usage: guivirt ls\n\nLists the qubes the daemon knows: name, label, state, number of windows, whether it is disposable or persistent, network (none or user), and the limits the kernel enforces on the qube's memory, tasks, CPU weight and /tmp (or that it does not)."),
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
        ["menu", .. var rest] => MenuCommand.Run(runtime, rest),
        ["--version"] => Help($"guivirt {typeof(MenuCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}"),
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

// With --wait the answer comes when the command ends, however long it runs.
int RunInQube(string qube, string? label, string? network, bool wait, string[] command) =>
    Report(ControlClient.Send(runtime, new ControlRequest("run", qube, label, command, wait, Network: network), wait ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60)));

// The daemon names the qube; the answer says which (disp1, disp2, ...).
int RunDisposable(string? label, string? network, bool wait, string[] command) =>
    Report(ControlClient.Send(runtime, new ControlRequest("run", null, label, command, wait, Disposable: true, Network: network), wait ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60)));

// [--label COLOR] [--network MODE] [--wait] in any order, then -- CMD [ARGS...]; null when that is not what was given.
static (string? Label, string? Network, bool Wait, string[] Command)? ParseRun(string[] rest)
{
    string? label = null, network = null;
    bool wait = false;
    for (int i = 0; i < rest.Length; i++)
    {
        switch (rest[i])
        {
            case "--" when i + 1 < rest.Length:
                return (label, network, wait, rest[(i + 1)..]);
            case "--label" when label is null && i + 1 < rest.Length:
                label = rest[++i];
                break;
            case "--network" when network is null && i + 1 < rest.Length:
                network = rest[++i];
                break;
            case "--wait" when !wait:
                wait = true;
                break;
            default:
                return null;
        }
    }

    return null;
}

// A copy takes as long as its files do: the daemon gives up on a qube that stalls, not on a large file.
int CopyFiles(string source, string[] paths, string target) =>
    Report(ControlClient.Send(runtime, new ControlRequest("copy", source, Arguments: paths, Target: target), Timeout.InfiniteTimeSpan));

// SOURCE:PATH arguments, all from one qube; null when that is not what was given.
static (string Source, string[] Paths)? ParseCopy(string[] sources)
{
    if (sources.Length == 0)
    {
        return null;
    }

    string? qube = null;
    var paths = new List<string>();
    foreach (string argument in sources)
    {
        int colon = argument.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == argument.Length - 1 || (qube is not null && argument[..colon] != qube))
        {
            return null;
        }

        qube = argument[..colon];
        paths.Add(argument[(colon + 1)..]);
    }

    return (qube!, [.. paths]);
}

int List()
{
    ControlResponse response = ControlClient.Send(runtime, new ControlRequest("ls"), TimeSpan.FromSeconds(10));
    if (!response.Ok)
    {
        return Report(response);
    }

    Console.WriteLine($"{"QUBE",-20} {"LABEL",-8} {"STATE",-10} {"WINDOWS",-8} {"KIND",-11} {"NETWORK",-8} LIMITS");
    foreach (QubeStatus qube in response.Qubes ?? [])
    {
        Console.WriteLine($"{qube.Name,-20} {qube.Label,-8} {qube.State,-10} {qube.Windows,-8} {(qube.Disposable ? "disposable" : "persistent"),-11} {qube.Network ?? "none",-8} {qube.Limits}");
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

// The daemon's exit code where it has one (127 not found, 126 not executable, the command's own with --wait).
static int Report(ControlResponse response)
{
    if (!response.Ok)
    {
        return Fail($"guivirt: {response.Message}", response.ExitCode is { } code and not 0 ? code : 1);
    }

    Console.WriteLine(response.Message);
    return response.ExitCode ?? 0;
}

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
