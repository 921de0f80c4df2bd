using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.GuiDaemon;

/// <summary>The user's commands over the control socket: ls, stop, and (with the sandbox) run.</summary>
internal sealed partial class Daemon
{
    /// <summary>
    /// Carries out a command and answers only once the host X server has processed every request
    /// it caused (XSync, not just XFlush: flushed requests may still wait in the server's queue).
    /// A client that looks at the screen right after `guivirt stop` must find the windows gone.
    /// </summary>
    private ControlResponse HandleControl(ControlRequest request)
    {
        ControlResponse response = Execute(request);
        if (!_host.IsConnectionLost)
        {
            _host.Sync();
        }

        return response;
    }

    private ControlResponse Execute(ControlRequest request) => request.Command switch
    {
        "ls" => new ControlResponse(true, "", [.. _endpoints.Select(Status)]),
        "stop" => Stop(request.Qube),
        "run" => RunInQube(request),
        "clipboard" => new ControlResponse(true, _clipboard.Describe()),
        "clipboard-clear" => ClearClipboard(),
        _ => new ControlResponse(false, $"unknown command '{request.Command}'"),
    };

    private ControlResponse ClearClipboard()
    {
        _clipboard.Clear();
        return new ControlResponse(true, "the clipboard is empty");
    }

    private static QubeStatus Status(QubeEndpoint endpoint) => new(
        endpoint.Qube.Name,
        endpoint.Qube.Label.Name,
        endpoint.Session is { Connected: true } || endpoint.Sandbox is { IsRunning: true } ? "running" : "stopped",
        endpoint.Session?.WindowCount ?? 0);

    private ControlResponse Stop(string? name)
    {
        if (_endpoints.FirstOrDefault(e => e.Qube.Name == name) is not { } endpoint)
        {
            return new ControlResponse(false, $"no qube named '{name}' (see `guivirt ls`)");
        }

        bool wasRunning = endpoint.Session is not null || endpoint.Sandbox is { IsRunning: true };
        Disconnect(endpoint);
        endpoint.Sandbox?.Dispose(); // everything inside goes: apps, X server, agent
        endpoint.Sandbox = null;
        Log.Info($"qube {endpoint.Qube.Name} stopped by the user");
        return new ControlResponse(true, wasRunning ? $"stopped {endpoint.Qube.Name}" : $"{endpoint.Qube.Name} was not running");
    }

    /// <summary>
    /// `guivirt run QUBE [--label COLOR] -- CMD`: the qube is created if the user names a label for
    /// a new one, started if its sandbox is not running, and reused if it is.
    /// </summary>
    private ControlResponse RunInQube(ControlRequest request)
    {
        if (request.Qube is not { } name || !QubeConfig.IsValidName(name))
        {
            return new ControlResponse(false, $"'{request.Qube}' is not a qube name: use 1 to 31 ASCII letters, digits and dashes, starting with a letter");
        }

        if (request.Arguments is not { Count: > 0 } command)
        {
            return new ControlResponse(false, "nothing to run: guivirt run QUBE -- CMD [ARGS...]");
        }

        QubeEndpoint? endpoint = _endpoints.FirstOrDefault(e => e.Qube.Name == name);
        if (endpoint is null)
        {
            if (request.Label is null)
            {
                return new ControlResponse(false, $"there is no qube '{name}': create it with --label COLOR ({string.Join(", ", Label.Names)})");
            }

            if (Label.TryParse(request.Label) is not { } label)
            {
                return new ControlResponse(false, $"unknown label '{request.Label}' (one of {string.Join(", ", Label.Names)})");
            }

            var qube = new QubeConfig(name, label);
            endpoint = QubeEndpoint.Listen(qube, _options.SocketDirectory, _options.LimitsOf(qube), _time);
            _endpoints.Add(endpoint);
            Log.Info($"qube {name} ({label.Name}) created; it listens on {endpoint.Path}");
        }
        else if (request.Label is { } asked && asked != endpoint.Qube.Label.Name)
        {
            // A label is the host's promise about a qube: it never changes behind the user's back.
            return new ControlResponse(false, $"qube '{name}' is {endpoint.Qube.Label.Name}, not {asked}; labels do not change");
        }

        bool started = false;
        try
        {
            if (endpoint.Sandbox is not { IsRunning: true })
            {
                endpoint.Sandbox?.Dispose();
                endpoint.Sandbox = QubeSandbox.Start(new SandboxSpec(name, endpoint.Path, QubePaths.Home(name), _host.Width, _host.Height));
                started = true;
                Log.Info($"qube {name} started (sandbox process {endpoint.Sandbox.ProcessId})");
            }

            endpoint.Sandbox.Run(command);
        }
        catch (SandboxException e)
        {
            return new ControlResponse(false, e.Message);
        }

        return new ControlResponse(true, started ? $"started qube {name}; running {command[0]}" : $"running {command[0]} in qube {name}");
    }
}
