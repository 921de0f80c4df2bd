namespace GuiVirt.EndToEndBench;

/// <summary>
/// A way of getting a TestApp's window onto the host display: GuiVirt (a sandboxed qube), xpra, or
/// drawing straight onto the host (the limit). Each knows its proxy processes, whose CPU and RSS are
/// what the system costs on top of the app and the X servers.
/// </summary>
internal interface ISystem : IDisposable
{
    /// <summary>"GuiVirt", "xpra" or "limit", as in the report.</summary>
    string Name { get; }

    /// <summary>Starts a TestApp with <paramref name="appArguments"/> (everything but --display and --log);
    /// <paramref name="tag"/> is unique per app and names its log.</summary>
    AppRun StartApp(IReadOnlyList<string> appArguments, string tag);

    /// <summary>The proxy processes that carry <paramref name="app"/>'s window, as (name, PID, with its descendants); empty for the limit.</summary>
    IReadOnlyList<(string Name, int ProcessId, bool Tree)> Proxies(AppRun app);

    /// <summary>A CPU-burning app beside the window (<see cref="Contention.BusyApp"/>): for xpra and the limit a host process, as their apps are.</summary>
    IDisposable StartBusyApp() => StressNg.OnHost();
}
