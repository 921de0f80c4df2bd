using System.Diagnostics;

namespace GuiVirt.TestSupport;

/// <summary>A real `guivirt daemon` on a host display; stopped with SIGTERM (then killed) on Dispose.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    public DaemonProcess(string hostDisplay, string socketDirectory, params string[] qubes)
        : this(hostDisplay, socketDirectory, [], qubes)
    {
    }

    /// <summary>With more daemon arguments (<c>--config FILE</c>, ...); the audit log goes next to the sockets.</summary>
    public DaemonProcess(string hostDisplay, string socketDirectory, IEnumerable<string> arguments, params string[] qubes)
        : this(hostDisplay, socketDirectory, new Dictionary<string, string?>(), arguments, qubes)
    {
    }

    /// <summary>
    /// With variables added to the daemon's environment (a null value removes one):
    /// <c>XDG_DATA_HOME</c> puts the homes of the qubes that `guivirt run` creates under a test's
    /// own folder.
    /// </summary>
    public DaemonProcess(string hostDisplay, string socketDirectory, IReadOnlyDictionary<string, string?> environment, IEnumerable<string> arguments, params string[] qubes)
        : this(hostDisplay, socketDirectory, arguments, environment, [], BuiltProgram.Path("Cli", "guivirt.dll"), qubes)
    {
    }

    /// <summary>
    /// The daemon with environment variables set (a null value removes one), started through
    /// <paramref name="launcher"/> (such as <c>setpriv --reuid ... --</c>, to run it as another
    /// user; empty: directly) from <paramref name="guivirtDll"/>.
    /// </summary>
    public DaemonProcess(
        string hostDisplay,
        string socketDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyList<string> launcher,
        string guivirtDll,
        params string[] qubes)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : dotnet)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string word in launcher.Count > 0 ? [.. launcher.Skip(1), dotnet] : Array.Empty<string>())
        {
            start.ArgumentList.Add(word);
        }

        if (launcher.Count > 0)
        {
            start.WorkingDirectory = "/"; // another user may not be able to enter the test's own folder
        }

        // The qubes' homes go next to the sockets, not into the user's own ~/.local/share: a test
        // neither depends on nor changes what a person (or another test run) keeps there. A test
        // may name its own folder in <paramref name="environment"/>.
        start.Environment["XDG_DATA_HOME"] = socketDirectory + "-data";
        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(guivirtDll);
        AuditLogPath = Path.Combine(socketDirectory + "-state", "clipboard-audit.jsonl");
        // The frame alone unless a test asks otherwise: most tests check where the frame is on a
        // host with no window manager, where the default would add the title strip.
        string[] decorations = arguments.Contains("--decorations") ? [] : ["--decorations", "frame"];
        foreach (string argument in (string[])["daemon", "--display", hostDisplay, "--socket-dir", socketDirectory, "--audit-log", AuditLogPath, .. decorations, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string qube in qubes)
        {
            start.ArgumentList.Add("--qube");
            start.ArgumentList.Add(qube);
        }

        SocketDirectory = socketDirectory;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the daemon");
        _output = new ProcessOutput(_process);
    }

    public string SocketDirectory { get; }

    /// <summary>The clipboard audit log (JSON lines).</summary>
    public string AuditLogPath { get; }

    /// <summary>The audit log's lines so far.</summary>
    public IReadOnlyList<string> AuditLines => File.Exists(AuditLogPath) ? File.ReadAllLines(AuditLogPath) : [];

    public bool HasExited => _process.HasExited;

    /// <summary>Sends <paramref name="signal"/> (a number, as in signal(7)) to the daemon.</summary>
    public bool Signal(int signal) => Tmds.Linux.LibC.kill(_process.Id, signal) == 0;

    /// <summary>The exit code once the daemon has exited (its output read to the end), or null after <paramref name="timeout"/>.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit(); // the asynchronous readers finish the output
        return _process.ExitCode;
    }

    /// <summary>The daemon's process id (for its memory in /proc/PID/status).</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the daemon has printed so far.</summary>
    public string Log => _output.Text;

    /// <summary>The socket an agent of <paramref name="qube"/> connects to, once the daemon listens there.</summary>
    public string SocketOf(string qube)
    {
        string path = Path.Combine(SocketDirectory, qube + ".sock");
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"the daemon never listened on {path}:\n{Log}");
            }

            Thread.Sleep(50);
        }

        return path;
    }

    /// <summary>Waits until the log has a line containing <paramref name="text"/>.</summary>
    public void WaitForLog(string text, double seconds = 15)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the daemon never logged '{text}':\n{Log}");
            }

            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _ = Tmds.Linux.LibC.kill(_process.Id, Tmds.Linux.LibC.SIGTERM);
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }

        _process.Dispose();
    }
}
