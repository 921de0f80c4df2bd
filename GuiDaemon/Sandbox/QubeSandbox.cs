using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipes;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// A running qube: bubblewrap (see <see cref="BwrapArguments"/>) around the qube's own Xvfb :0, its
/// agent and the programs started with <see cref="Run"/>, as the qube's host user
/// (<see cref="QubeUser"/>, never root) and in a cgroup with its limits when the host has one for
/// it (<see cref="QubeCgroups"/>). The daemon holds the init's stdin; commands go in there, encoded
/// so that no argument is ever parsed by a shell (<see cref="CommandLine"/>). The init reports on
/// each command over its stdout (<see cref="CommandStatus"/>, untrusted) and sends the commands'
/// output over its stderr, to the <see cref="CommandLog"/>.
/// </summary>
public sealed class QubeSandbox : IDisposable
{
    private const int QueuedCommands = 64;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly string _qubeName;
    private readonly Process _process;
    private readonly SandboxOutput _output;
    private readonly QubeCgroup? _cgroup;
    private readonly string _tmpfsSummary;
    private readonly BlockingCollection<byte[]> _commands = new(QueuedCommands);
    private readonly Thread _writer;
    private readonly Lock _lock = new();
    private readonly CommandLaunches _launches = new();
    private readonly CommandLog? _log;
    private UserNetwork? _network;
    private volatile bool _pipeBroken;
    private volatile bool _disposed;
    private int _malformedStatus;

    private QubeSandbox(string qubeName, Process process, QubeUser user, QubeCgroup? cgroup, ResourceLimits limits, bool disposableHome, CommandLog? log)
    {
        _qubeName = qubeName;
        _process = process;
        _cgroup = cgroup;
        _log = log;
        User = user;
        _tmpfsSummary = disposableHome ? $"/tmp {limits.TmpMiB} MiB, home {limits.TmpMiB} MiB (tmpfs)" : $"/tmp {limits.TmpMiB} MiB";
        ProcessId = process.Id;
        _output = new SandboxOutput(process.StandardOutput.BaseStream, (PipeStream)process.StandardError.BaseStream, log, OnStatus, OnMalformedStatus, _launches.AbandonAll);
        _writer = new Thread(WriteCommands) { IsBackground = true, Name = $"guivirt qube {qubeName} commands" };
        _writer.Start();
    }

    /// <summary>The first process of the sandbox on the host (bwrap; a root daemon's staging bwrap).</summary>
    public int ProcessId { get; }

    /// <summary>The host user the qube's processes run as.</summary>
    internal QubeUser User { get; }

    /// <summary>The qube's cgroup, when the host has a way to give it one.</summary>
    internal QubeCgroup? Cgroup => _cgroup;

    /// <summary>The limits in force, for `guivirt ls`: memory, tasks, CPU weight and tmpfs size, or what is not limited.</summary>
    public string LimitsSummary => $"{_cgroup?.Summary ?? QubeCgroups.Unlimited}, {_tmpfsSummary}";

    /// <summary>The qube's network for `guivirt ls` and the log: "none" (loopback only), or "user" and its pasta.</summary>
    public string NetworkSummary => _network is { } network ? $"user (pasta, process {network.ProcessId})" : "none";

    /// <summary>The process of the qube's network helper on the host (pasta), when it has one.</summary>
    internal int? NetworkProcessId => _network?.ProcessId;

    /// <summary>False once disposed, once bwrap has exited, or once the init stopped reading commands.</summary>
    public bool IsRunning => !_disposed && !_pipeBroken && !_process.HasExited;

    /// <summary>What bwrap and the init printed before the init said it was ready (cleaned, bounded): why a start failed.</summary>
    internal string Output => _output.Tail;

    /// <summary>
    /// Starts the qube and returns once its Xvfb accepts connections and its agent is started.
    /// SandboxException names the Debian package when bubblewrap or Xvfb is missing, or carries
    /// bwrap's messages when the sandbox could not be set up.
    /// </summary>
    public static QubeSandbox Start(SandboxSpec spec) => Start(spec, CancellationToken.None);

    /// <summary>
    /// The same, given up when <paramref name="cancel"/> is cancelled (the daemon is stopping):
    /// whatever was started is stopped, and SandboxException says so.
    /// </summary>
    public static QubeSandbox Start(SandboxSpec spec, CancellationToken cancel) => Start(spec, QubeCgroups.Current, cancel);

    /// <summary>The same, with the qube's cgroup made by <paramref name="cgroups"/> (none when null).</summary>
    internal static QubeSandbox Start(SandboxSpec spec, QubeCgroups? cgroups, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!QubeConfig.IsValidName(spec.QubeName))
        {
            throw new ArgumentException($"'{spec.QubeName}' is not a valid qube name", nameof(spec));
        }

        // Xvfb's own limit is 32767; anything this large is a mistake, not a screen.
        if (spec.ScreenWidth is < 16 or > 16384 || spec.ScreenHeight is < 16 or > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"screen {spec.ScreenWidth}x{spec.ScreenHeight} is not 16 to 16384 pixels each way");
        }

        HostPrograms.RequireXvfb();
        if (spec.Scale.Percent != 100)
        {
            HostPrograms.RequireXrdb(); // missing: said before anything starts
        }
        if (spec.Network == QubeNetwork.User)
        {
            _ = HostPrograms.Pasta(); // missing: said before anything starts
        }

        if (spec.HomeDirectory is { } homeDirectory && !Directory.Exists(homeDirectory))
        {
            throw new SandboxException($"qube {spec.QubeName}: its home {spec.HomeDirectory} does not exist");
        }

        if (!File.Exists(spec.AgentSocketPath))
        {
            throw new SandboxException($"qube {spec.QubeName}: no daemon socket at {spec.AgentSocketPath}");
        }

        if (cancel.IsCancellationRequested)
        {
            throw new SandboxException($"qube {spec.QubeName}: not started: the daemon is stopping");
        }

        // A native agent needs no runtime: none is looked up, bound or named in the qube.
        string agentDirectory = ProgramLocation.AgentDirectory();
        string? dotnetRoot = ProgramLocation.IsNativeAgent(agentDirectory) ? null : HostPrograms.DotnetRoot();
        QubeUser user = QubeUser.Current;
        user.Own(spec.HomeDirectory, spec.AgentSocketPath);
        QubeCgroup? cgroup = cgroups?.Create(spec.QubeName, spec.Limits);
        Process process;
        try
        {
            if (cgroup?.AppsProcs is { } appsProcs)
            {
                // The qube's init writes each command into it (QubeInit); it runs as the qube's user.
                user.OwnFile(appsProcs);
                spec = spec with { AppsCgroupProcs = appsProcs };
            }

            process = SandboxLauncher.Start(descriptors =>
            {
                IReadOnlyList<string> command = SandboxCommand.For(spec, user, cgroup?.LaunchPrefix ?? [], agentDirectory, dotnetRoot, descriptors);
                Log.Debug($"qube {spec.QubeName}: sandbox command: {string.Join(' ', command)}");
                var start = new ProcessStartInfo(command[0])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };

                // The sandbox starts with an empty environment: bwrap's pid 1 in the sandbox keeps
                // the environment it was started with (readable in /proc/1/environ inside), and
                // --clearenv cleans only the command's. Every program of the chain is named by an
                // absolute path. A cgroup launcher may need the user's manager (systemd-run --user
                // finds it through these two); it then starts the rest through `env -i`.
                start.Environment.Clear();
                if (cgroup is { LaunchPrefix.Count: > 0 })
                {
                    foreach (string name in (string[])["XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS"])
                    {
                        if (Environment.GetEnvironmentVariable(name) is { } value)
                        {
                            start.Environment[name] = value;
                        }
                    }
                }

                foreach (string argument in command.Skip(1))
                {
                    start.ArgumentList.Add(argument);
                }

                return start;
            }, spec.Network == QubeNetwork.User ? UserNetwork.ResolvConf : null);
        }
        catch
        {
            cgroup?.Dispose();
            throw;
        }

        var sandbox = new QubeSandbox(spec.QubeName, process, user, cgroup, spec.Limits, spec.HomeDirectory is null, spec.CommandLogPath is { } log ? new CommandLog(log) : null);
        bool ready;
        try
        {
            ready = sandbox._output.WaitForReady(ReadyTimeout, cancel);
        }
        catch (OperationCanceledException)
        {
            sandbox.Dispose();
            throw new SandboxException($"qube {spec.QubeName}: not started: the daemon is stopping");
        }

        if (!ready)
        {
            bool exited = sandbox._process.HasExited;
            sandbox.Dispose();
            string why = exited ? "the sandbox exited" : $"the sandbox was not ready within {ReadyTimeout.TotalSeconds} s";
            throw new SandboxException($"qube {spec.QubeName}: {why}: {sandbox.Output}");
        }

        // Where systemd set the limits, the kernel is asked whether they hold; a qube without
        // them runs on (as on a host with no cgroups at all), but the log and `ls` say so.
        if (cgroup?.Confirm(sandbox.ProcessId) is { } problem)
        {
            Log.Warning($"qube {spec.QubeName}: {problem}");
        }

        if (spec.Network == QubeNetwork.User)
        {
            sandbox.AttachNetwork(spec.QubeName, user, spec.OutboundInterface);
        }

        return sandbox;
    }

    /// <summary>
    /// Gives the running qube its user-mode network, and ties the helper's life to the sandbox's:
    /// it is stopped when the qube is stopped (<see cref="Dispose"/>) and when the sandbox exits by
    /// itself, so no pasta outlives its qube.
    /// </summary>
    private void AttachNetwork(string qubeName, QubeUser user, string? outboundInterface)
    {
        try
        {
            _network = UserNetwork.Attach(qubeName, ProcessId, user, outboundInterface);
        }
        catch
        {
            Dispose();
            throw;
        }

        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _network?.Dispose();
        if (_process.HasExited)
        {
            _network.Dispose(); // the sandbox ended before the handler was there
        }
    }

    /// <summary>
    /// Starts CMD ARGS... in the qube (DISPLAY=:0, HOME=/home/user), detached, its output to the
    /// <see cref="CommandLog"/>. Does not wait for the qube: commands are queued, a bounded number of
    /// them, so a qube that stops reading cannot block the daemon (SandboxException when full). The
    /// launch tells what the qube reports: whether the program started, and its exit status.
    /// ArgumentException for a command <see cref="CommandLine"/> cannot carry (a NUL, too long).
    /// </summary>
    public CommandLaunch Run(IReadOnlyList<string> command)
    {
        CommandLaunch launch = _launches.Add(command);
        Log.Debug($"qube {_qubeName}: command {launch.Id} sent to the qube's launcher ({command.Count} words)");
        byte[] line;
        try
        {
            line = CommandLine.Encode(launch.Id, command);
        }
        catch (ArgumentException)
        {
            _launches.Remove(launch);
            throw;
        }

        lock (_lock)
        {
            if (_disposed || !IsRunning)
            {
                _launches.Remove(launch);
                throw new SandboxException($"qube {_qubeName} is not running");
            }

            if (!_commands.TryAdd(line))
            {
                _launches.Remove(launch);
                throw new SandboxException($"qube {_qubeName} is not taking commands ({QueuedCommands} are waiting)");
            }
        }

        return launch;
    }

    /// <summary>Stops everything in the qube: SIGTERM to bwrap, then SIGKILL to every process of the qube; returns when they are gone.</summary>
    public void Dispose()
    {
        List<(int Id, SafeFileHandle? Handle)> inside;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            // Taken before anything can end the sandbox: once bwrap is gone its children are
            // re-parented out of reach of a /proc walk.
            inside = ProcessTree.PinDescendants(ProcessId);
            _disposed = true;
        }

        if (!_process.HasExited)
        {
            _ = Tmds.Linux.LibC.kill(ProcessId, Tmds.Linux.LibC.SIGTERM);
            if (!_process.WaitForExit(StopTimeout))
            {
                _process.Kill(); // SIGKILL
                _process.WaitForExit(StopTimeout);
            }
        }

        // bwrap's --die-with-parent does not reach the bwrap that is the qube's pid 1 once it has
        // switched to the qube's user (the kernel clears a parent-death signal on a change of
        // credentials): it lived on, orphaned, until its init's command pipe closed. So every
        // process of the qube is killed by a descriptor taken while it was still the qube's; the
        // kernel kills the rest of the pid namespace with its pid 1.
        foreach ((_, SafeFileHandle? process) in inside)
        {
            if (process is not null)
            {
                _ = Pidfd.Kill(process); // without pidfds (Linux before 5.3, glibc before 2.36) they end once the command pipe closes, after the wait below
            }
        }

        var clock = Stopwatch.StartNew();
        while (inside.Any(process => ProcessTree.IsAlive(process.Id)) && clock.Elapsed < StopTimeout)
        {
            Thread.Sleep(10);
        }

        foreach ((_, SafeFileHandle? process) in inside)
        {
            process?.Dispose();
        }

        _network?.Dispose(); // the qube's network helper goes with it
        _commands.CompleteAdding(); // only now: the end of the command pipe also ends the init
        _writer.Join(StopTimeout);
        _launches.AbandonAll();
        _cgroup?.Dispose(); // the processes are gone: the cgroup is removed
        _process.Dispose();
        _commands.Dispose();
        _log?.Dispose();
    }

    /// <summary>A valid report from the init (on a pool thread): resolves its launch and notes it in the log.</summary>
    private void OnStatus(CommandStatus status)
    {
        if (_launches.Apply(status) is not { } launch)
        {
            return; // an id the daemon is not waiting on: nothing to say about it
        }

        string program = launch.Command[0];
        string note = status.State switch
        {
            CommandState.Started => $"{launch.Id}: started: {Describe(launch.Command)}",
            CommandState.NotFound => $"{launch.Id}: {program}: command not found",
            CommandState.NotExecutable => $"{launch.Id}: {program}: cannot be executed (not an executable file)",
            _ => $"{launch.Id}: {program} exited with status {status.ExitCode}",
        };
        _log?.Note(note);
    }

    private void OnMalformedStatus()
    {
        // Security: the line itself is never logged; the fact once per sandbox, so a flood cannot fill the log.
        if (Interlocked.Increment(ref _malformedStatus) == 1)
        {
            Log.Warning($"qube {_qubeName}: a malformed status line came from inside the qube; ignored (reported once)");
        }
    }

    /// <summary>The command for the log, on one line and bounded.</summary>
    private static string Describe(IReadOnlyList<string> command)
    {
        const int MaxChars = 300;
        string text = string.Join(' ', command.Select(argument => argument.Length == 0 || argument.Any(char.IsWhiteSpace) ? $"'{argument}'" : argument));
        return text.Length <= MaxChars ? text : text[..MaxChars] + "...";
    }

    private void WriteCommands()
    {
        Stream stdin = _process.StandardInput.BaseStream;
        try
        {
            foreach (byte[] line in _commands.GetConsumingEnumerable())
            {
                stdin.Write(line);
                stdin.Flush();
            }
        }
        catch (IOException)
        {
            _pipeBroken = true; // the init is gone: the qube can take no more commands
        }
        catch (ObjectDisposedException)
        {
            _pipeBroken = true;
        }
        finally
        {
            try
            {
                stdin.Dispose(); // end of input tells the init to stop
            }
            catch (IOException)
            {
                // already broken
            }
        }
    }
}
