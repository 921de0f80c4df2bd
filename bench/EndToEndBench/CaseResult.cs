using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>One measured case: one workload through one system; what the app drew, what the observer saw, what it cost.</summary>
internal sealed record CaseResult(
    Workload Workload, string System, double DrawnFps, double DeliveredFps, int Delivered,
    double P50, double P99, int Unmatched, int MaxSkipped, double SamplesPerSecond, double LongestSampleGapMs,
    double AppCpuMsPerFrame, double? ProxyCpuMsPerFrame, double? ProxyCpuPercent, double? ProxyRss, IReadOnlyList<ProxyPart> ProxyParts, (int X, int Y) Origin)
{
    /// <summary>The machine's 1-minute load average when the case ended: work besides the benchmark's shows here.</summary>
    public double Load { get; init; }

    /// <summary>
    /// <paramref name="proxyCpu"/>: CPU time of each proxy process over the observed window
    /// (<paramref name="cpuSeconds"/> of wall time), <paramref name="proxyRss"/> their RSS after it.
    /// </summary>
    public static CaseResult From(Workload workload, string system, Observation seen, (int Frame, long Time)[] frames, TimeSpan appCpu,
        IReadOnlyList<(string Name, TimeSpan Cpu, double Rss)> proxies, double cpuSeconds, (int X, int Y) origin)
    {
        (List<double> latencies, int unmatched, int maxSkipped) = seen.Match(frames);
        double seconds = seen.Seconds;
        double drawn = frames.Count(f => f.Time >= seen.Start && f.Time <= seen.End) / seconds;
        // Every matched change is one frame delivered to the screen. CPU is read over nearly the same
        // window (the observer's "watching" and "done" lines), so it is scaled to the observed seconds.
        int delivered = latencies.Count;
        double PerFrame(TimeSpan t) => t.TotalMilliseconds * (seconds / cpuSeconds) / Math.Max(1, delivered);
        latencies.Sort();
        TimeSpan proxyCpu = proxies.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);
        ProxyPart[] parts = [.. proxies.Select(p => new ProxyPart(p.Name, PerFrame(p.Cpu), 100 * p.Cpu.TotalSeconds / cpuSeconds, p.Rss))];
        return new CaseResult(workload, system, drawn, delivered / seconds, delivered,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), unmatched, maxSkipped, seen.SamplesPerSecond, seen.LongestGapMs,
            PerFrame(appCpu),
            proxies.Count > 0 ? PerFrame(proxyCpu) : null,
            proxies.Count > 0 ? 100 * proxyCpu.TotalSeconds / cpuSeconds : null,
            proxies.Count > 0 ? proxies.Sum(p => p.Rss) : null, parts, origin);
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Workload.Name,-20} {System,-8} drawn {DrawnFps,6:F1}/s delivered {DeliveredFps,6:F1}/s latency p50 {P50,6:F2} ms p99 {P99,6:F2} ms, proxy {ProxyCpuMsPerFrame?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"} ms/frame, observer {SamplesPerSecond:F0} samples/s (longest gap {LongestSampleGapMs:F1} ms), max skipped {MaxSkipped}, unmatched {Unmatched}, shown at +{Origin.X}+{Origin.Y}, load {Load:F2}");

    /// <summary>The proxy CPU per process, "daemon 0.40 + agent 0.50" (ms per delivered frame).</summary>
    public string ProxySplit => ProxyParts.Count == 0 ? "–" : string.Join(" + ", ProxyParts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.MsPerFrame:F2}")));

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
