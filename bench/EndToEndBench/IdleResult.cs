using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>What the proxies cost with nothing to show: GuiVirt's daemon and the bench qube's agent, xpra's server and client.</summary>
/// <remarks>CPU comes in the kernel's 10 ms ticks (per-thread counters would be finer, but lose the time
/// of threads that end meanwhile): <see cref="Resolution"/> is one tick over the window, in % of a core.</remarks>
internal sealed record IdleResult(double Seconds, IReadOnlyList<(string Name, double CpuPercent, double RssMiB)> Processes)
{
    public static IdleResult Measure(GuiVirtSystem guiVirt, XpraSystem xpra, TimeSpan window)
    {
        (string Name, int ProcessId, bool Tree)[] processes = [.. guiVirt.Proxies(GuiVirtSystem.BenchQube), .. xpra.Processes];
        TimeSpan Cpu((string Name, int ProcessId, bool Tree) p) => p.Tree ? ProcStat.TreeCpuTime(p.ProcessId) : ProcStat.CpuTime(p.ProcessId);
        Thread.Sleep(1000); // the last case's app is gone: let its window's end settle
        long start = Stopwatch.GetTimestamp();
        TimeSpan[] before = [.. processes.Select(Cpu)];
        Thread.Sleep(window * 2);
        TimeSpan[] after = [.. processes.Select(Cpu)];
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        return new IdleResult(seconds, [.. processes.Select((p, i) => (p.Name, 100 * (after[i] - before[i]).TotalSeconds / seconds, ProcStat.RssMiB(p.ProcessId)))]);
    }

    public double Resolution => 1.0 / Seconds;

    public string Summary() => "idle: " + string.Join(", ", Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.CpuPercent:F2}% of a core {p.RssMiB:F0} MiB")));
}
