using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GuiVirt.EndToEndBench;

/// <summary>One measured case: what the app drew, what the observer saw, what it cost.</summary>
internal sealed record CaseResult(
    bool ViaGuiVirt, int Width, int Height, int Fps, double DrawnFps, double DeliveredFps, int Latencies,
    double P50, double P99, int Unmatched, int MaxSkipped, double SamplesPerSecond,
    double AppCpuMsPerFrame, double? AgentCpuMsPerFrame, double? DaemonCpuMsPerFrame, double? AgentRss, double? DaemonRss, (int X, int Y) Origin)
{
    public string Shape => $"{Width}x{Height} {(Fps >= 1000 ? "free" : $"{Fps} Hz")}";
    public string Path => ViaGuiVirt ? "GuiVirt" : "limit (host direct)";

    /// <summary><paramref name="cpu"/> and <paramref name="rss"/>: agent, daemon, app with GuiVirt; the app alone for the limit.</summary>
    public static CaseResult From(bool viaGuiVirt, int width, int height, int fps, Observation seen, (int Frame, long Time)[] frames, TimeSpan[] cpu, double[] rss, (int X, int Y) origin)
    {
        (List<double> latencies, int unmatched, int maxSkipped) = seen.Match(frames);
        double seconds = seen.Seconds;
        double drawn = frames.Count(f => f.Time >= seen.Start && f.Time <= seen.End) / seconds;
        // Every matched change is one frame delivered to the screen.
        int delivered = Math.Max(1, latencies.Count);
        double PerFrame(TimeSpan t) => t.TotalMilliseconds / delivered;
        latencies.Sort();
        return new CaseResult(viaGuiVirt, width, height, fps, drawn, latencies.Count / seconds, latencies.Count,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), unmatched, maxSkipped, seen.SamplesPerSecond,
            PerFrame(cpu[^1]),
            viaGuiVirt ? PerFrame(cpu[0]) : null, viaGuiVirt ? PerFrame(cpu[1]) : null,
            viaGuiVirt ? rss[0] : null, viaGuiVirt ? rss[1] : null, origin);
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Shape,-18} {Path,-20} drawn {DrawnFps,6:F1}/s delivered {DeliveredFps,6:F1}/s latency p50 {P50,6:F2} ms p99 {P99,6:F2} ms, observer {SamplesPerSecond:F0} samples/s, max skipped {MaxSkipped}, unmatched {Unmatched}, shown at +{Origin.X}+{Origin.Y}");

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

internal static class Report
{
    public static string Markdown(List<CaseResult> results, int sampleX, int sampleY)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        text.AppendLine("# End-to-end benchmark").AppendLine();
        Line($"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}");
        Line($"- Command: `{Program.Command}`");
        Line($"- nproc: {Environment.ProcessorCount}");
        Line($"- CPU: {CpuModel()}");
        // Other work on the shared machine shifts absolute numbers; the side-by-side ratios less so.
        Line($"- Load average (1, 5, 15 min) at the end: {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}");
        Line($"- Runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Line($"- Setup: host and qube Xvfb 1920x1080x24; `guivirt daemon --qube work:blue` on the host, `guivirt-agent` on the qube; a TestApp window at +2+2 (the daemon's 2-px frame then sits at the screen's corner) (`--fps 1000` = free-running, or 60) drawing a full frame per step with XPutImage");
        Line($"- Limit: the same TestApp drawing straight onto the host Xvfb, measured with the same observer, back to back with the GuiVirt case (order alternating)");
        Line($"- Observer: the benchmark's own X connection to the host; XGetImage of the 1x1 root area at ({sampleX},{sampleY}) in a tight loop for {Program.Window.TotalSeconds:F0} s per case after 1 s warm-up; the blue channel gives the frame number mod 16");
        Line($"- Latency: from the TestApp's `frame N t=...` (`--timestamps`: Stopwatch timestamp just before the frame's XPutImage is sent) to the observer's first reply showing frame N; both CLOCK_MONOTONIC. So the limit's latency is the app's own XPutImage of the frame to its server plus the observer's sampling delay");
        text.AppendLine()
            .AppendLine("Delivered = distinct frames the observer saw per second. CPU = user+sys from /proc/PID/stat during the")
            .AppendLine("window, per delivered frame. On a shared 2-core machine read the ratios, which are measured side by side;")
            .AppendLine("the absolute numbers only describe this run. The observer itself keeps one core busy.")
            .AppendLine()
            .AppendLine("| Case | Path | drawn /s | delivered /s | latency p50 ms | latency p99 ms | observer samples/s | agent CPU ms/frame | daemon CPU ms/frame | app CPU ms/frame | agent RSS MiB | daemon RSS MiB |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (CaseResult r in results)
        {
            Line($"| {r.Shape} | {r.Path} | {r.DrawnFps:F1} | {r.DeliveredFps:F1} | {r.P50:F2} | {r.P99:F2} | {r.SamplesPerSecond:F0} | {Opt(r.AgentCpuMsPerFrame)} | {Opt(r.DaemonCpuMsPerFrame)} | {r.AppCpuMsPerFrame:F2} | {Opt(r.AgentRss, "F0")} | {Opt(r.DaemonRss, "F0")} |");
        }

        text.AppendLine()
            .AppendLine("GuiVirt over the limit, same shape, same run (latency also as the difference, since the limit's is near zero):")
            .AppendLine()
            .AppendLine("| Case | delivered /s ratio | delivered/drawn GuiVirt | delivered/drawn limit | p50 ratio | p50 + ms | p99 ratio | p99 + ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (IGrouping<string, CaseResult> shape in results.GroupBy(r => r.Shape))
        {
            CaseResult g = shape.First(r => r.ViaGuiVirt), l = shape.First(r => !r.ViaGuiVirt);
            Line($"| {shape.Key} | {g.DeliveredFps / l.DeliveredFps:F2} | {g.DeliveredFps / g.DrawnFps:F2} | {l.DeliveredFps / l.DrawnFps:F2} | {g.P50 / l.P50:F1} | {g.P50 - l.P50:F2} | {g.P99 / l.P99:F1} | {g.P99 - l.P99:F2} |");
        }

        string skips = string.Join(", ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Shape} {(r.ViaGuiVirt ? "GuiVirt" : "limit")} {r.MaxSkipped} (window shown at +{r.Origin.X}+{r.Origin.Y})")));
        text.AppendLine();
        Line($"Checks: most frames sent but never seen between two observed changes (must stay below 15: frames are named mod 16), per case: {skips}. {results.Sum(r => r.Unmatched)} changes could not be matched to a sent frame.");
        return text.ToString();
    }

    private static string Opt(double? value, string format = "F2") =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string CpuModel()
    {
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
