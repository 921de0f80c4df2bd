using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// Disposable qubes: `guivirt run --disposable [--label COLOR] -- CMD` makes a fresh qube for one
/// command (<see cref="DisposableQube"/>: its name, its end), with its home on a tmpfs in its own
/// sandbox, and the loop destroys it with everything in it once it is over.
/// </summary>
internal sealed partial class Daemon
{
    /// <summary>The label of a disposable when the user names none: red, the colour of untrusted.</summary>
    private static readonly Label DisposableLabel = Label.TryParse("red")!;

    private readonly Dictionary<QubeEndpoint, DisposableQube> _disposables = [];
    private readonly List<QubeEndpoint> _overDisposables = [];

    /// <summary>The monotonic clock's origin for the disposables' end rule (set when the daemon starts).</summary>
    private readonly long _disposablesClock;

    /// <summary>The number of the last disposable made: numbers only go up while the daemon runs.</summary>
    private int _lastDisposable;

    private Task<ControlResponse> RunDisposable(ControlRequest request)
    {
        if (request.Qube is not null)
        {
            return Answer(false, "a disposable qube is named by the daemon: guivirt run --disposable [--label COLOR] -- CMD");
        }

        if (request.Arguments is not { Count: > 0 } command || command[0].Length == 0)
        {
            return Answer(false, "nothing to run: guivirt run --disposable [--label COLOR] -- CMD [ARGS...]");
        }

        if ((request.Label is null ? DisposableLabel : Label.TryParse(request.Label)) is not { } label)
        {
            return Answer(false, $"unknown label '{request.Label}' (one of {string.Join(", ", Label.Names)})");
        }

        QubeNetwork network = QubeNetwork.None;
        if (request.Network is not null)
        {
            if (QubeNetworks.TryParse(request.Network) is not { } asked)
            {
                return Answer(false, $"unknown network '{request.Network}' (one of {string.Join(", ", QubeNetworks.Names)})");
            }

            network = asked;
        }

        // A live qube's name is never taken again: another qube's socket, windows and log stay its own.
        if (DisposableQube.NextName(ref _lastDisposable, _endpoints.Select(e => e.Qube.Name)) is not { } name)
        {
            return Answer(false, $"this daemon has made its {DisposableQube.MaxCount} disposable qubes: restart it for more");
        }

        var qube = new QubeConfig(name, label, Network: network);
        ResourceLimits limits = _options.LimitsOf(qube);
        // Its output while it lives: in the daemon's own runtime folder (mode 0700), not in the
        // qubes' data folder; deleted with it (docs/security.md, section 15: where that folder is).
        string log = Path.Combine(_options.SocketDirectory, name + ".log");
        QubeEndpoint endpoint = QubeEndpoint.Listen(qube, _options.SocketDirectory, limits, _time);
        CommandLaunch? launch = null;
        try
        {
            // HomeDirectory null: the home is a tmpfs of the qube's own (BwrapArguments).
            var spec = new SandboxSpec(name, endpoint.Path, null, _host.Width, _host.Height, limits) { CommandLogPath = log, Network = network, OutboundInterface = _options.Config.OutboundInterface, Scale = _options.ScaleOf(qube) };
            endpoint.Sandbox = QubeSandbox.Start(spec, _stopping);
            launch = endpoint.Sandbox.Run(command);
        }
        catch (Exception e) when (e is SandboxException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return Answer(false, e is ArgumentException ? $"cannot send this command into a qube: {e.Message}" : e.Message);
        }
        finally
        {
            if (launch is null)
            {
                // Whatever failed, nothing of it stays: its socket, its sandbox, its log.
                endpoint.Dispose();
                DeleteLogs(log);
            }
        }

        _endpoints.Add(endpoint);
        _disposables[endpoint] = new DisposableQube(launch, log);
        Log.Info($"disposable qube {name} ({label.Name}) started (sandbox process {endpoint.Sandbox.ProcessId}, as host user {endpoint.Sandbox.User}; {endpoint.Sandbox.LimitsSummary}; network {endpoint.Sandbox.NetworkSummary})");
        // Its end is looked at in the loop: the command's exit wakes it.
        _ = launch.Exited.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Task<ControlResponse> answer = CommandOutcomeAsync(name, launch, started: true, request.Wait);
        _ = answer.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return answer;
    }

    /// <summary>Once a turn: every disposable that is over is destroyed (<see cref="DisposableQube.IsOver"/>).</summary>
    private void EndDisposables()
    {
        if (_disposables.Count == 0)
        {
            return;
        }

        TimeSpan now = _time.GetElapsedTime(_disposablesClock); // monotonic
        foreach ((QubeEndpoint endpoint, DisposableQube disposable) in _disposables)
        {
            // A window minimized on the host is unmapped in the qube, and still the user's.
            if (disposable.IsOver(endpoint.Session?.OpenWindowCount ?? 0, endpoint.Sandbox is { IsRunning: true }, now))
            {
                _overDisposables.Add(endpoint); // destroyed after the loop: the table is being read
            }
        }

        foreach (QubeEndpoint endpoint in _overDisposables)
        {
            Destroy(endpoint, _disposables[endpoint]);
        }

        _overDisposables.Clear(); // reused every turn: nothing allocated while disposables live
    }

    /// <summary>
    /// Everything of the disposable goes: its windows, its sandbox (its processes, and with its
    /// mount namespace the tmpfs home and all it held), its socket and its log.
    /// </summary>
    private void Destroy(QubeEndpoint endpoint, DisposableQube disposable)
    {
        Disconnect(endpoint);
        endpoint.Dispose();
        _endpoints.Remove(endpoint);
        _disposables.Remove(endpoint);
        DeleteLogs(disposable.CommandLog);
        Log.Info($"disposable qube {endpoint.Qube.Name} destroyed");
    }

    /// <summary>The daemon stops: the disposables' logs go too (their sandboxes go with every endpoint).</summary>
    private void DisposeDisposables()
    {
        foreach (DisposableQube disposable in _disposables.Values)
        {
            DeleteLogs(disposable.CommandLog);
        }

        _disposables.Clear();
    }

    /// <summary>
    /// The logs a daemon that ended without cleaning up (killed, a crash) left of its disposables
    /// in its runtime folder: deleted before a new disposable could take a name and append to them.
    /// </summary>
    private void DeleteStaleDisposableLogs()
    {
        foreach (string path in Directory.EnumerateFiles(_options.SocketDirectory, "disp*.log*"))
        {
            if (DisposableQube.IsDisposableName(Path.GetFileName(path).Split('.')[0]))
            {
                TryDelete(path);
            }
        }
    }

    /// <summary>A disposable's log and the one before it (<see cref="CommandLog.Previous"/>).</summary>
    private static void DeleteLogs(string log)
    {
        TryDelete(log);
        TryDelete(CommandLog.Previous(log));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"cannot delete {path}: {e.Message}");
        }
    }
}
