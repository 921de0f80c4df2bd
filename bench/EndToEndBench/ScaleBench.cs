using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The daemon as qubes and windows grow: 1, 10 and 20 sandboxed qubes (each its own Xvfb and agent)
/// with 5 idle TestApp windows each, the daemon's CPU and RSS measured idle at each step; then,
/// with all of them up, <see cref="Settings.Animating"/> more windows (640x360 at 30 Hz, each in
/// another qube) animating at once, each watched by its own observer, as issue 17 asks.
/// </summary>
internal sealed class ScaleBench(GuiVirtSystem guiVirt, string hostDisplay, Settings settings)
{
    // Several observers at once: each samples once a millisecond instead of in a tight loop, so
    // that they leave the cores to what they measure; latency is then known to about 1 ms.
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(1);

    public List<ScaleResult> Run()
    {
        guiVirt.Stop(GuiVirtSystem.BenchQube); // only the scale qubes from here on
        var results = new List<ScaleResult>();
        int running = 0, window = 0;
        foreach (int qubes in settings.QubeCounts)
        {
            for (; running < qubes; running++)
            {
                string qube = QubeName(running);
                for (int i = 0; i < Settings.WindowsPerQube; i++, window++)
                {
                    // Spread over the screen's upper part, overlapping; distinct seeds so no two look alike.
                    string geometry = string.Create(CultureInfo.InvariantCulture, $"320x240+{40 + (window % 20 * 180)}+{40 + (window / 20 * 250)}");
                    guiVirt.Launch(qube, "green", ["--geometry", geometry, "--seed", (0x10000 + window).ToString(CultureInfo.InvariantCulture), "--title", $"idle {window}"], $"idle-{window}");
                }
            }

            WaitForWindows(qubes);
            ScaleResult result = MeasureIdle(qubes);
            Console.WriteLine(result.Summary());
            results.Add(result);
        }

        ScaleResult animating = MeasureAnimating(running);
        Console.WriteLine(animating.Summary());
        foreach (CaseResult c in animating.Animating!)
        {
            Console.WriteLine(c.Summary());
        }

        results.Add(animating);
        return results;
    }

    private static string QubeName(int index) => string.Create(CultureInfo.InvariantCulture, $"scale{index + 1}");

    /// <summary>The animating windows, one per qube spread over all <paramref name="qubes"/>, in a row below the idle ones.</summary>
    private ScaleResult MeasureAnimating(int qubes)
    {
        var apps = new List<(AppRun App, Workload Workload, int Seed, string Qube)>();
        try
        {
            for (int i = 0; i < Settings.Animating; i++)
            {
                string qube = QubeName(i * qubes / Settings.Animating);
                var workload = new Workload($"640x360 30 Hz #{i + 1}", 640, 360, 30, null, (200, 150)) { X = 100 + (i * 700), Y = 1700 };
                int seed = 0x0F0F + (i * 0x2323);
                apps.Add((guiVirt.StartApp(qube, "green", workload.Arguments(seed), $"animating-{i}"), workload, seed, qube));
            }

            foreach ((AppRun app, _, _, _) in apps)
            {
                app.WaitForReady(TimeSpan.FromSeconds(120));
            }

            int daemon = guiVirt.DaemonProcessId;
            IReadOnlyList<int> agents = guiVirt.Agents();
            var bench = new WindowBench(hostDisplay, settings);
            long start = Stopwatch.GetTimestamp();
            TimeSpan daemonBefore = ProcStat.CpuTime(daemon);
            TimeSpan agentsBefore = agents.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcStat.CpuTime(pid));
            Task<CaseResult>[] observed = [.. apps.Select(a => Task.Run(() => bench.Observe(guiVirt, a.App, a.Workload, a.Seed, guiVirt.Proxies(a.Qube), SampleInterval)))];
            Task.WaitAll(observed);
            TimeSpan daemonCpu = ProcStat.CpuTime(daemon) - daemonBefore;
            TimeSpan agentsCpu = agents.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcStat.CpuTime(pid)) - agentsBefore;
            double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
            return new ScaleResult(qubes, qubes * Settings.WindowsPerQube, seconds, 100 * daemonCpu.TotalSeconds / seconds, ProcStat.RssMiB(daemon),
                agents.Count, 100 * agentsCpu.TotalSeconds / seconds, agents.Sum(ProcStat.RssMiB), [.. observed.Select(t => t.Result)]);
        }
        finally
        {
            foreach ((AppRun app, _, _, _) in apps)
            {
                app.Dispose();
            }
        }
    }

    private void WaitForWindows(int qubes)
    {
        var clock = Stopwatch.StartNew();
        // Every qube starts its Xvfb and agent and 5 dotnet apps: seconds of CPU each on a small machine.
        TimeSpan timeout = TimeSpan.FromSeconds(120 + (15 * qubes));
        while (true)
        {
            Dictionary<string, int> shown = guiVirt.Windows();
            if (Enumerable.Range(0, qubes).All(q => shown.GetValueOrDefault(QubeName(q)) >= Settings.WindowsPerQube))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not every qube showed {Settings.WindowsPerQube} windows within {timeout.TotalSeconds:F0} s: {string.Join(", ", shown.Select(s => $"{s.Key} {s.Value}"))}");
            }

            Thread.Sleep(1000);
        }
    }

    private ScaleResult MeasureIdle(int qubes)
    {
        Thread.Sleep(2000); // the apps' first drawing and the qubes' start are over
        int daemon = guiVirt.DaemonProcessId;
        IReadOnlyList<int> agents = guiVirt.Agents();
        long start = Stopwatch.GetTimestamp();
        // In 10 ms ticks (see IdleResult): over the idle window, 0.05% of a core per tick in the full run.
        TimeSpan daemonBefore = ProcStat.CpuTime(daemon);
        TimeSpan agentsBefore = agents.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcStat.CpuTime(pid));
        Thread.Sleep(settings.Watch * 2);
        TimeSpan daemonCpu = ProcStat.CpuTime(daemon) - daemonBefore;
        TimeSpan agentsCpu = agents.Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcStat.CpuTime(pid)) - agentsBefore;
        double seconds = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;
        return new ScaleResult(qubes, qubes * Settings.WindowsPerQube, seconds, 100 * daemonCpu.TotalSeconds / seconds, ProcStat.RssMiB(daemon),
            agents.Count, 100 * agentsCpu.TotalSeconds / seconds, agents.Sum(ProcStat.RssMiB), null);
    }
}
