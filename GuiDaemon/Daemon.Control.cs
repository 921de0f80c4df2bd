using GuiVirt.GuiDaemon.Control;

namespace GuiVirt.GuiDaemon;

/// <summary>The user's commands over the control socket: ls, stop, and (with the sandbox) run.</summary>
internal sealed partial class Daemon
{
    private ControlResponse HandleControl(ControlRequest request) => request.Command switch
    {
        "ls" => new ControlResponse(true, "", [.. _endpoints.Select(Status)]),
        "stop" => Stop(request.Qube),
        _ => new ControlResponse(false, $"unknown command '{request.Command}'"),
    };

    private static QubeStatus Status(QubeEndpoint endpoint) => new(
        endpoint.Qube.Name,
        endpoint.Qube.Label.Name,
        endpoint.Session is { Connected: true } ? "running" : "stopped",
        endpoint.Session?.WindowCount ?? 0);

    private ControlResponse Stop(string? name)
    {
        if (_endpoints.FirstOrDefault(e => e.Qube.Name == name) is not { } endpoint)
        {
            return new ControlResponse(false, $"no qube named '{name}' (see `guivirt ls`)");
        }

        bool wasRunning = endpoint.Session is not null;
        Disconnect(endpoint);
        Log.Info($"qube {endpoint.Qube.Name} stopped by the user");
        return new ControlResponse(true, wasRunning ? $"stopped {endpoint.Qube.Name}" : $"{endpoint.Qube.Name} was not running");
    }
}
