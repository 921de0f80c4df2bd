using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>What the proxies cost with nothing to show: GuiVirt's daemon and the bench qube's agent, xpra's server and client.</summary>
internal sealed record IdleResult(double Seconds, IReadOnlyList<(string Name, double CpuPercent, double RssMiB)> Processes)
{
    public static IdleResult Measure(GuiVirtSystem guiVirt, XpraSystem xpra, TimeSpan window)
    {
        (string Name, int ProcessId, bool Tree)[] processes = [.. guiVirt.Proxies(GuiVirtSystem.BenchQube), .. xpra.Processes];
        // Idle processes use little: per thread to the nanosecond rather than in 10 ms ticks.
        TimeSpan Cpu((string Name, int ProcessId, bool Tree) p) =>
            (p.Tree ? ProcStat.Descendants(p.ProcessId) : []).Aggregate(ProcStat.PreciseCpuTime(p.ProcessId), (sum, child) => sum + ProcStat.PreciseCpuTime(child));
        Thread.Sleep(1000); // the last case's app is gone: let its window's end settle
        long start = Stopwatch.GetTimestamp();
        TimeSpan[] before = [.. processes.Select(Cpu)];
        Thread.Sleep(window * 2);
        TimeSpan[] after = [.. processes.Select(Cpu)];
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        return new IdleResult(seconds, [.. processes.Select((p, i) => (p.Name, 100 * (after[i] - before[i]).TotalSeconds / seconds, ProcStat.RssMiB(p.ProcessId)))]);
    }

    public string Summary() => "idle: " + string.Join(", ", Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.CpuPercent:F3}% of a core {p.RssMiB:F0} MiB")));
}
