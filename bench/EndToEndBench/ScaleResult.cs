using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One step of the scale part: the daemon (and, for context, all agents together) idle; with
/// <see cref="Animating"/>, the cases of the windows that animated at once over the idle ones,
/// and the daemon's and their agents' CPU and RSS over that time.
/// </summary>
internal sealed record ScaleResult(int Qubes, int Windows, double Seconds, double DaemonCpuPercent, double DaemonRss, int Agents, double AgentsCpuPercent, double AgentsRss, IReadOnlyList<CaseResult>? Animating)
{
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Qubes} qubes, {Windows} windows {(Animating is null ? "idle" : $"+ {Animating.Count} animating")}: daemon {DaemonCpuPercent:F2}% of a core, {DaemonRss:F0} MiB; {Agents} agents {AgentsCpuPercent:F2}% together, {AgentsRss:F0} MiB");
}
