using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The daemon as qubes and windows grow: 1, 5, 10 sandboxed qubes (each its own Xvfb and agent) with
/// 5 idle TestApp windows each, the daemon's CPU and RSS measured idle at each step; then, with all of
/// them up, one more window animating (1280x720 at 60 Hz), observed like the window workloads.
/// </summary>
internal sealed class ScaleBench(GuiVirtSystem guiVirt, string hostDisplay, Settings settings)
{
    private static readonly Workload Animating = new("1280x720 60 Hz over 50 windows", 1280, 720, 60, null, (200, 150));

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
                    // Spread over the screen, overlapping; distinct seeds so no two look alike.
                    string geometry = string.Create(CultureInfo.InvariantCulture, $"320x240+{40 + (window % 10 * 150)}+{40 + (window / 10 * 150)}");
                    guiVirt.Launch(qube, "green", ["--geometry", geometry, "--seed", (0x10000 + window).ToString(CultureInfo.InvariantCulture), "--title", $"idle {window}"], $"idle-{window}");
                }
            }

            WaitForWindows(qubes);
            ScaleResult result = MeasureIdle(qubes);
            Console.WriteLine(result.Summary());
            results.Add(result);
        }

        using AppRun app = guiVirt.StartApp(QubeName(0), "green", Animating.Arguments(0x0F0F), "animating");
        app.WaitForReady(TimeSpan.FromSeconds(60));
        CaseResult animating = new WindowBench(hostDisplay, settings).Observe(guiVirt, app, Animating, 0x0F0F, guiVirt.Proxies(QubeName(0)));
        Console.WriteLine(animating.Summary());
        results.Add(results[^1] with { Animating = animating });
        return results;
    }

    private static string QubeName(int index) => string.Create(CultureInfo.InvariantCulture, $"scale{index + 1}");

    private void WaitForWindows(int qubes)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Dictionary<string, int> shown = guiVirt.Windows();
            if (Enumerable.Range(0, qubes).All(q => shown.GetValueOrDefault(QubeName(q)) >= Settings.WindowsPerQube))
            {
                return;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(180))
            {
                throw new TimeoutException($"not every qube showed {Settings.WindowsPerQube} windows within 3 minutes: {string.Join(", ", shown.Select(s => $"{s.Key} {s.Value}"))}");
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
        // In 10 ms ticks (see IdleResult): over the idle window, 0.1% of a core per tick in the full run.
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
