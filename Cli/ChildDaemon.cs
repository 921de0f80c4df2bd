using System.Diagnostics;
using GuiVirt.GuiDaemon.Control;

namespace GuiVirt.Cli;

/// <summary>
/// A daemon the command line starts as its own child (demo, selftest): this same program run as
/// `guivirt daemon`, with its sockets in a private runtime folder, talked to over its control socket.
/// </summary>
internal sealed class ChildDaemon : IDisposable
{
    private readonly Process _process;

    private ChildDaemon(Process process, string runtime)
    {
        _process = process;
        Runtime = runtime;
    }

    /// <summary>The folder of its qube sockets and control socket.</summary>
    public string Runtime { get; }

    /// <summary>
    /// Starts `guivirt daemon --display DISPLAY --socket-dir RUNTIME ARGUMENTS...` and waits until its
    /// control socket is there. <paramref name="environment"/> entries are added to the child's.
    /// </summary>
    public static ChildDaemon Start(string display, string runtime, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool quiet = false)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false, RedirectStandardError = quiet };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // The JIT build run by the dotnet host: our dll, beside us. (The native program is its own file.)
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "guivirt.dll"));
        }

        foreach (string argument in (string[])["daemon", "--display", display, "--socket-dir", runtime, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var daemon = new ChildDaemon(Process.Start(start) ?? throw new ControlException("could not start the daemon"), runtime);
        if (quiet)
        {
            daemon._process.ErrorDataReceived += (_, line) => daemon.AddLog(line.Data);
            daemon._process.BeginErrorReadLine();
        }

        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ControlPaths.ControlSocket(runtime)))
        {
            if (daemon._process.HasExited || DateTime.UtcNow > deadline)
            {
                string log = daemon.Log;
                daemon.Dispose();
                throw new ControlException($"the daemon did not start{(log.Length > 0 ? ":\n" + log : " (see its messages above)")}");
            }

            Thread.Sleep(50);
        }

        return daemon;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the daemon wrote to stderr, when started quiet (else it went to ours).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private readonly System.Text.StringBuilder _log = new();

    private void AddLog(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public ControlResponse Send(ControlRequest request, double seconds = 10) => ControlClient.Send(Runtime, request, TimeSpan.FromSeconds(seconds));

    /// <summary>`guivirt run QUBE -- COMMAND`: starts the qube's sandbox first if needed.</summary>
    public ControlResponse Run(string qube, params string[] command) => Send(new ControlRequest("run", qube, null, command), 60);

    public IReadOnlyList<QubeStatus> Qubes() => Send(new ControlRequest("ls")).Qubes ?? [];

    /// <summary>Waits until every qube shows at least <paramref name="perQube"/> windows; false after <paramref name="seconds"/>.</summary>
    public bool WaitForWindows(int perQube, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            IReadOnlyList<QubeStatus> qubes = Qubes();
            if (qubes.Count > 0 && qubes.All(q => q.Windows >= perQube))
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return false;
    }

    public void Dispose() => ChildProcesses.Stop(_process);
}
