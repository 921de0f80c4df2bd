using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.GuiDaemon;

/// <summary>The user's commands over the control socket: ls, stop, logs, copy, and (with the sandbox) run.</summary>
internal sealed partial class Daemon
{
    /// <summary>How long `guivirt run` waits for the qube to say whether the program started.</summary>
    private static readonly TimeSpan StartReportTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Carries out a command. Before the answer can go out, the host X server has processed every
    /// request the command caused (XSync, not just XFlush: flushed requests may still wait in the
    /// server's queue): a client that looks at the screen right after `guivirt stop` must find the
    /// windows gone. Answers are written by the loop's thread only (ControlServer.Serve).
    /// </summary>
    private Task<ControlResponse> HandleControl(ControlRequest request)
    {
        // Only names the daemon knows go into the log: the request's strings are the user's
        // typing, and a terminal showing the log must not get their control characters.
        Log.Debug($"control request {(request.Command is "run" or "copy" or "ls" or "stop" or "logs" or "clipboard" or "clipboard-clear" ? request.Command : "(unknown)")}"
            + (request.Qube is { } qube && QubeConfig.IsValidName(qube) ? $" for qube {qube}" : ""));
        Task<ControlResponse> response = Execute(request);
        if (!_host.IsConnectionLost)
        {
            _host.Sync();
        }

        return response;
    }

    private Task<ControlResponse> Execute(ControlRequest request) => request.Command switch
    {
        "run" => request.Disposable ? RunDisposable(request) : RunInQube(request),
        "copy" => CopyFiles(request),
        "stop" => Stop(request.Qube),
        _ => Task.FromResult(request.Command switch
        {
            "ls" => new ControlResponse(true, "", [.. _endpoints.Select(Status)]),
            "logs" => Logs(request.Qube),
            "clipboard" => new ControlResponse(true, _clipboard.Describe()),
            "clipboard-clear" => ClearClipboard(),
            _ => new ControlResponse(false, $"unknown command '{request.Command}'"),
        }),
    };

    /// <summary>
    /// `guivirt copy SOURCE:PATH... TARGET`: both qubes must be running (their agents connected).
    /// The answer comes when the copy has ended (<see cref="Copy.CopyBroker"/>); the loop does not wait.
    /// </summary>
    private Task<ControlResponse> CopyFiles(ControlRequest request)
    {
        QubeSession? Running(string? name, out string? problem)
        {
            problem = null;
            if (_endpoints.FirstOrDefault(e => e.Qube.Name == name) is not { } endpoint)
            {
                problem = $"no qube named '{name}' (see `guivirt ls`)";
                return null;
            }

            if (endpoint.Session is not { Connected: true } session)
            {
                problem = $"qube {name} is not running (start it with `guivirt run {name} -- CMD`)";
                return null;
            }

            return session;
        }

        if (Running(request.Qube, out string? problem) is not { } source || Running(request.Target, out problem) is not { } target)
        {
            return Answer(false, problem!);
        }

        Task<ControlResponse> answer = _copies.Start(source, target, request.Arguments ?? []);
        _ = answer.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return answer;
    }

    private ControlResponse ClearClipboard()
    {
        _clipboard.Clear();
        return new ControlResponse(true, "the clipboard is empty");
    }

    private QubeStatus Status(QubeEndpoint endpoint) => new(
        endpoint.Qube.Name,
        endpoint.Qube.Label.Name,
        endpoint.Session is { Connected: true } || endpoint.Sandbox is { IsRunning: true } || endpoint.Remote is { IsRunning: true } ? "running" : "stopped",
        endpoint.Session?.WindowCount ?? 0,
        // What the kernel enforces for the running sandbox; for a stopped qube, what it would. An
        // agent connected from elsewhere runs under whatever its starter gave it.
        endpoint.Sandbox is { IsRunning: true } sandbox ? sandbox.LimitsSummary
            : endpoint.Session is { Connected: true } ? "not started by the daemon: its limits are not the daemon's"
            : $"{QubeCgroups.Planned(_options.LimitsOf(endpoint.Qube))}, /tmp {_options.LimitsOf(endpoint.Qube).TmpMiB} MiB",
        _disposables.ContainsKey(endpoint),
        endpoint.Qube.Network.Name());

    private Task<ControlResponse> Stop(string? name)
    {
        if (_endpoints.FirstOrDefault(e => e.Qube.Name == name) is not { } endpoint)
        {
            return Answer(false, $"no qube named '{name}' (see `guivirt ls`)");
        }

        if (_disposables.TryGetValue(endpoint, out DisposableQube? disposable))
        {
            Destroy(endpoint, disposable); // a disposable that stops is over: nothing of it stays
            return Answer(true, $"stopped and destroyed the disposable qube {endpoint.Qube.Name}");
        }

        bool wasRunning = endpoint.Session is not null || endpoint.Sandbox is { IsRunning: true };
        Disconnect(endpoint);
        endpoint.Sandbox?.Dispose(); // everything inside goes: apps, X server, agent
        endpoint.Sandbox = null;
        endpoint.Remote?.Dispose(); // a remote qube's link: its windows go at once
        endpoint.Remote = null;
        Log.Info($"qube {endpoint.Qube.Name} stopped by the user");
        if (endpoint.Qube.Host is { } host)
        {
            // The qube on the far machine outlives a link, not a stop: its keeper is told over ssh.
            Task<ControlResponse> far = StopRemoteAsync(endpoint.Qube.Name, host);
            _ = far.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return far;
        }

        return Answer(true, wasRunning ? $"stopped {endpoint.Qube.Name}" : $"{endpoint.Qube.Name} was not running");
    }

    private async Task<ControlResponse> StopRemoteAsync(string name, Remote.RemoteHost host)
    {
        (int status, string message) = await Remote.RemoteLink.StopAsync(host, _options.Config.SshConfig, _options.Config.RemoteGuivirt, name, TimeSpan.FromSeconds(40)).ConfigureAwait(false);
        return status == 0
            ? new ControlResponse(true, $"{message} on {host}")
            : new ControlResponse(false, $"qube {name} on {host}: {(message.Length > 0 ? message : $"ssh exited with status {status}")}; its windows are gone from this desktop", ExitCode: 1);
    }

    /// <summary>`guivirt logs QUBE`: where the output of the qube's commands is (the command line reads it).</summary>
    private ControlResponse Logs(string? name) =>
        _endpoints.FirstOrDefault(e => e.Qube.Name == name) is { } endpoint
            ? new ControlResponse(true, $"the output of qube {endpoint.Qube.Name}'s commands", Log: _disposables.TryGetValue(endpoint, out DisposableQube? disposable) ? disposable.CommandLog : QubePaths.CommandLog(endpoint.Qube.Name))
            : new ControlResponse(false, $"no qube named '{name}' (see `guivirt ls`)");

    /// <summary>
    /// `guivirt run QUBE [--label COLOR] [--network MODE] [--wait] -- CMD`: the qube is created if the
    /// user names a label for a new one (its network none unless MODE says user), started if its sandbox is not running, and reused if it is. The answer
    /// comes when the qube has said whether the program started (or with --wait, when it ended);
    /// the loop does not wait for it.
    /// </summary>
    private Task<ControlResponse> RunInQube(ControlRequest request)
    {
        if (request.Qube is not { } name || !QubeConfig.IsValidName(name))
        {
            return Answer(false, $"'{request.Qube}' is not a qube name: use 1 to 31 ASCII letters, digits and dashes, starting with a letter");
        }

        if (request.Arguments is not { Count: > 0 } command || command[0].Length == 0)
        {
            return Answer(false, "nothing to run: guivirt run QUBE -- CMD [ARGS...]");
        }

        QubeNetwork? network = request.Network is null ? null : QubeNetworks.TryParse(request.Network);
        if (request.Network is not null && network is null)
        {
            return Answer(false, $"unknown network '{request.Network}' (one of {string.Join(", ", QubeNetworks.Names)})");
        }

        Remote.RemoteHost? host = null;
        if (request.Host is { } hostText && (host = Remote.RemoteHost.TryParse(hostText, out string? hostProblem)) is null)
        {
            return Answer(false, hostProblem!);
        }

        QubeEndpoint? endpoint = _endpoints.FirstOrDefault(e => e.Qube.Name == name);
        if (endpoint is null)
        {
            if (request.Label is null)
            {
                return Answer(false, $"there is no qube '{name}': create it with --label COLOR ({string.Join(", ", Label.Names)})");
            }

            // Names of the form disp+number are the disposables': a persistent qube with one would
            // be taken for one, and would take a name a disposable is given.
            if (DisposableQube.IsDisposableName(name))
            {
                return Answer(false, $"'{name}' is a name for disposable qubes: use `guivirt run --disposable -- CMD`, or another name");
            }

            if (Label.TryParse(request.Label) is not { } label)
            {
                return Answer(false, $"unknown label '{request.Label}' (one of {string.Join(", ", Label.Names)})");
            }

            var qube = new QubeConfig(name, label, Network: network ?? QubeNetwork.None, Host: host);
            endpoint = QubeEndpoint.Listen(qube, _options.SocketDirectory, _options.LimitsOf(qube), _time);
            _endpoints.Add(endpoint);
            Log.Info($"qube {name} ({label.Name}) created; it listens on {endpoint.Path}");
        }
        else if (request.Label is { } asked && asked != endpoint.Qube.Label.Name)
        {
            // A label is the host's promise about a qube: it never changes behind the user's back.
            return Answer(false, $"qube '{name}' is {endpoint.Qube.Label.Name}, not {asked}; labels do not change");
        }
        else if (network is { } wanted && wanted != endpoint.Qube.Network)
        {
            // Nor does a qube's network: a qube the host configured without one never gets one by a run.
            return Answer(false, $"qube '{name}' has network {endpoint.Qube.Network.Name()}, not {wanted.Name()}; a qube's network does not change");
        }

        else if (host is not null && host != endpoint.Qube.Host)
        {
            // Where a qube runs is the host's: a local qube never becomes another machine's, nor the reverse.
            return Answer(false, endpoint.Qube.Host is { } configured ? $"qube '{name}' runs on {configured}, not {host}" : $"qube '{name}' runs on this machine, not {host}");
        }

        if (endpoint.Qube.Host is { } remoteHost)
        {
            return RunRemote(endpoint, remoteHost, command);
        }

        if (_disposables.ContainsKey(endpoint) && endpoint.Sandbox is not { IsRunning: true })
        {
            // Its sandbox, and with it its home, is gone: it is never started again, only destroyed.
            return Answer(false, $"the disposable qube '{name}' has ended");
        }

        bool started = false;
        CommandLaunch launch;
        try
        {
            if (endpoint.Sandbox is not { IsRunning: true })
            {
                endpoint.Sandbox?.Dispose();
                var spec = new SandboxSpec(name, endpoint.Path, QubePaths.Home(name), _host.Width / endpoint.Qube.Upscale, _host.Height / endpoint.Qube.Upscale, _options.LimitsOf(endpoint.Qube)) { CommandLogPath = QubePaths.CommandLog(name), Network = endpoint.Qube.Network, OutboundInterface = _options.Config.OutboundInterface, Scale = _options.ScaleOf(endpoint.Qube) };
                endpoint.Sandbox = QubeSandbox.Start(spec, _stopping);
                started = true;
                Log.Info($"qube {name} started (sandbox process {endpoint.Sandbox.ProcessId}, as host user {endpoint.Sandbox.User}; {endpoint.Sandbox.LimitsSummary}; network {endpoint.Sandbox.NetworkSummary})");
            }

            launch = endpoint.Sandbox.Run(command);
            if (_disposables.TryGetValue(endpoint, out DisposableQube? disposable))
            {
                disposable.Add(launch); // the disposable lives while this command runs too
                _ = launch.Exited.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (SandboxException e)
        {
            return Answer(false, e.Message);
        }
        catch (ArgumentException e)
        {
            return Answer(false, $"cannot send this command into a qube: {e.Message}"); // a NUL in an argument, or over 32 KiB
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Answer(false, $"qube {name}: its folder on the host cannot be prepared: {e.Message}");
        }

        Task<ControlResponse> answer = CommandOutcomeAsync(name, launch, started, request.Wait);
        _ = answer.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return answer;
    }

    /// <summary>
    /// `guivirt run --host HOST QUBE -- CMD` (docs/remote.md): the link is started when it is not up
    /// (ssh to the far machine, whose qube is started there if it is not running, and the sandboxed
    /// importer that is this qube's agent here); then CMD is started in the far qube over ssh.
    /// </summary>
    private Task<ControlResponse> RunRemote(QubeEndpoint endpoint, Remote.RemoteHost host, IReadOnlyList<string> command)
    {
        string name = endpoint.Qube.Name;
        bool started = false;
        if (endpoint.Remote is not { IsRunning: true })
        {
            endpoint.Remote?.Dispose();
            try
            {
                var settings = new Remote.FarQubeSettings(endpoint.Qube.Network, _options.LimitsOf(endpoint.Qube), _options.ScaleOf(endpoint.Qube));
                // An upscaled qube's screen is half the host's, there as here (SCREEN_CONFIG follows suit).
                endpoint.Remote = Remote.RemoteLink.Start(name, host, endpoint.Path, _host.Width / endpoint.Qube.Upscale, _host.Height / endpoint.Qube.Upscale, settings, _options.Config.SshConfig, _options.Config.RemoteGuivirt);
            }
            catch (SandboxException e)
            {
                return Answer(false, e.Message);
            }

            started = true;
            Log.Info($"qube {name}: remote link to {host} started (ssh process {endpoint.Remote.SshProcessId})");
        }

        Task<ControlResponse> answer = RemoteOutcomeAsync(name, host, command, started);
        _ = answer.ContinueWith(_ => _wakeup.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return answer;
    }

    private async Task<ControlResponse> RemoteOutcomeAsync(string name, Remote.RemoteHost host, IReadOnlyList<string> command, bool started)
    {
        (int status, string message) = await Remote.RemoteLink.RunAsync(host, _options.Config.SshConfig, _options.Config.RemoteGuivirt, name, command, TimeSpan.FromSeconds(40)).ConfigureAwait(false);
        string program = command[0];
        return status switch
        {
            0 => new ControlResponse(true, started ? $"connected to qube {name} on {host}; running {program}" : $"running {program} in qube {name} on {host}"),
            127 => new ControlResponse(false, $"{program}: command not found in qube {name} on {host}", ExitCode: 127),
            _ => new ControlResponse(false, $"qube {name} on {host}: {(message.Length > 0 ? message : $"ssh exited with status {status}")}", ExitCode: status is > 0 and < 126 ? status : 1),
        };
    }

    /// <summary>
    /// What the qube reported about the command, as an answer for the user. Runs off the loop's
    /// thread: it touches nothing of the daemon, only the launch. The report is the qube's word
    /// (a qube can lie about its own commands); only its validated numbers reach the message.
    /// </summary>
    private static async Task<ControlResponse> CommandOutcomeAsync(string qube, CommandLaunch launch, bool started, bool wait)
    {
        string program = launch.Command[0];
        CommandState state;
        try
        {
            state = await launch.Started.WaitAsync(StartReportTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new ControlResponse(false, $"qube {qube} did not say within {StartReportTimeout.TotalSeconds} s whether {program} started; see `guivirt logs {qube}`");
        }
        catch (TaskCanceledException)
        {
            return new ControlResponse(false, $"qube {qube} stopped before {program} started");
        }

        switch (state)
        {
            case CommandState.NotFound:
                return new ControlResponse(false, $"{program}: command not found in qube {qube}", ExitCode: 127);
            case CommandState.NotExecutable:
                return new ControlResponse(false, $"{program}: cannot be executed in qube {qube} (not an executable file, or a directory)", ExitCode: 126);
        }

        string running = started ? $"started qube {qube}; running {program}" : $"running {program} in qube {qube}";
        if (!wait)
        {
            return new ControlResponse(true, running);
        }

        try
        {
            int status = await launch.Exited.ConfigureAwait(false);
            return new ControlResponse(status == 0, $"{program} exited with status {status} in qube {qube}", ExitCode: status);
        }
        catch (TaskCanceledException)
        {
            return new ControlResponse(false, $"qube {qube} stopped while {program} ran (or the daemon stopped tracking it)");
        }
    }

    private static Task<ControlResponse> Answer(bool ok, string message) => Task.FromResult(new ControlResponse(ok, message));
}
