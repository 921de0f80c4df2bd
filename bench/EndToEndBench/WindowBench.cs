using System.Diagnostics;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The window workloads: each through every system back to back, the order rotating from one
/// workload to the next, so drift in the machine's load hits all systems alike.
/// </summary>
internal sealed class WindowBench(string hostDisplay, Settings settings)
{
    private int _seed;

    public List<CaseResult> Run(IReadOnlyList<ISystem> systems)
    {
        var results = new List<CaseResult>();
        Workload[] workloads = settings.Workloads;
        for (int w = 0; w < workloads.Length; w++)
        {
            for (int s = 0; s < systems.Count; s++)
            {
                ISystem system = systems[(s + w) % systems.Count];
                if (workloads[w].Qube is not null && system is not GuiVirtSystem)
                {
                    continue; // a configured qube's case (upscaled, weighted): GuiVirt's only
                }

                CaseResult result = RunCase(system, workloads[w]);
                Console.WriteLine(result.Summary());
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>Runs one workload through one system: app up, pattern on the screen, warm-up, then the observed window.</summary>
    public CaseResult RunCase(ISystem system, Workload workload)
    {
        // A new red/green per case, 31+ apart mod 256 (> Observer.MaxShift); below 0x10000 (see Observer).
        _seed = (_seed + 0x1F1F) % 0xF000;
        int seed = _seed;
        // The competing load first, so that it runs while the app starts too.
        using IDisposable? load = workload.Host switch
        {
            Contention.Loaded => StressNg.OnHost(),
            Contention.BusyApp => system.StartBusyApp(),
            _ => null,
        };
        string? qube = system is GuiVirtSystem ? workload.Qube : null;
        using AppRun app = qube is not null
            ? ((GuiVirtSystem)system).StartApp(qube, "blue", workload.Arguments(seed), $"app-{seed}")
            : system.StartApp(workload.Arguments(seed), $"app-{seed}");
        try
        {
            app.WaitForReady(TimeSpan.FromSeconds(60));
            return Observe(system, app, workload, seed, qube is not null ? ((GuiVirtSystem)system).Proxies(qube) : system.Proxies(app));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{workload.Name} through {system.Name}: {e.Message}\nTestApp log:\n{app.Log}", e);
        }
    }

    /// <summary>Observes <paramref name="app"/> and reads the CPU of it and of <paramref name="proxies"/> over the observed window.</summary>
    /// <param name="sampleInterval">Sleep between the observer's samples (several observers at once); zero: a tight loop.</param>
    public CaseResult Observe(ISystem system, AppRun app, Workload workload, int seed, IReadOnlyList<(string Name, int ProcessId, bool Tree)> proxies, TimeSpan sampleInterval = default)
    {
        TimeSpan Cpu((string Name, int ProcessId, bool Tree) p) => p.Tree ? ProcStat.TreeCpuTime(p.ProcessId) : ProcStat.CpuTime(p.ProcessId);
        TimeSpan[] before = [], after = [];
        TimeSpan appBefore = default, appAfter = default;
        long start = 0, end = 0;
        // The host pixel showing the pattern's Pixel. Upscaled, qube pixel p is host pixel s x p, so
        // the pattern reads as if its window were at (host pixel - qube pixel): the observer's red
        // and green (x - window + seed) then identify it as for any other case.
        int s = workload.Upscale;
        (int X, int Y) pixel = ((s * workload.X) + workload.Pixel.X, (s * workload.Y) + workload.Pixel.Y);
        (int X, int Y) window = (pixel.X - (workload.Pixel.X / s), pixel.Y - (workload.Pixel.Y / s));
        (Observation seen, (int X, int Y) origin) = ObserverProcess.Run(hostDisplay, pixel, window, seed, settings.WarmUp, settings.Watch, sampleInterval,
            onWatching: () =>
            {
                start = Stopwatch.GetTimestamp();
                before = [.. proxies.Select(Cpu)];
                appBefore = ProcStat.CpuTime(app.ProcessId);
            },
            onDone: () =>
            {
                after = [.. proxies.Select(Cpu)];
                appAfter = ProcStat.CpuTime(app.ProcessId);
                end = Stopwatch.GetTimestamp();
            });
        double[] rss = [.. proxies.Select(p => ProcStat.RssMiB(p.ProcessId))];
        Thread.Sleep(300); // log lines of frames drawn near the end may still be on their way
        if (app.HasExited)
        {
            throw new InvalidOperationException($"the TestApp ended during the measurement:\n{app.Log}");
        }

        double cpuSeconds = (double)(end - start) / Stopwatch.Frequency;
        return CaseResult.From(workload, system.Name, seen, app.Frames(), appAfter - appBefore,
            [.. proxies.Select((p, i) => (p.Name, after[i] - before[i], rss[i]))], cpuSeconds, origin) with { Load = Report.LoadAverageNow() };
    }
}
