using System.Diagnostics;
using System.Net;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// `bench/run.sh --remote`: each workload through each remote system over each emulated link, the
/// systems back to back per workload (the order rotating), the links one after the other. For each
/// link a fresh <see cref="LinkRelay"/> sits between the far side's endpoint and the host side.
/// </summary>
internal sealed class RemoteBench(string hostDisplay, Settings settings)
{
    private int _seed = 0x0808;

    /// <summary>Per link, the round trip of 100 bytes through its relay measured just before its cases (<see cref="LinkCheck"/>), in ms.</summary>
    public Dictionary<LinkSpec, (double P50, double P99)> LinkRoundTrips { get; } = [];

    public List<RemoteResult> Run(IReadOnlyList<IRemoteSystem> systems)
    {
        var results = new List<RemoteResult>();
        int rotation = 0;
        foreach (LinkSpec link in LinkSpec.All)
        {
            (double p50, double p99) = LinkCheck.RoundTrip(link);
            LinkRoundTrips[link] = (p50, p99);
            Console.WriteLine($"{link.Name}: 100-byte round trip through the relay p50 {p50:F2} ms, p99 {p99:F2} ms");
            var relays = new Dictionary<IRemoteSystem, LinkRelay>();
            try
            {
                foreach (IRemoteSystem system in systems.Where(s => s.Unavailable is null))
                {
                    var relay = new LinkRelay(link, system.FarEndpoint);
                    relays[system] = relay;
                    system.Connect(relay);
                }

                var failed = new Dictionary<IRemoteSystem, string>();

                foreach (RemoteWorkload workload in RemoteWorkload.All)
                {
                    for (int s = 0; s < systems.Count; s++)
                    {
                        IRemoteSystem system = systems[(s + rotation) % systems.Count];
                        RemoteResult result;
                        if ((system.Unavailable ?? failed.GetValueOrDefault(system)) is { } why)
                        {
                            result = new RemoteResult(link, workload, system.Name) { Unavailable = why };
                        }
                        else
                        {
                            try
                            {
                                result = RunCase(system, relays[system], workload);
                            }
                            catch (Exception e) when (e is InvalidOperationException or TimeoutException && system is GuiVirtRemoteSystem)
                            {
                                // A remote qube that fails is reported as failed (its first line) and not tried again on
                                // this link; the other system's cases still run. The whole message goes to the console.
                                Console.WriteLine($"{system.Name} over {link.Name} failed:\n{e.Message}");
                                failed[system] = $"failed: {e.Message.Split('\n')[0]}";
                                result = new RemoteResult(link, workload, system.Name) { Unavailable = failed[system] };
                            }
                        }

                        Console.WriteLine(result.Summary());
                        results.Add(result);
                    }

                    rotation++;
                }
            }
            finally
            {
                foreach (LinkRelay relay in relays.Values)
                {
                    relay.Dispose();
                }
            }
        }

        return results;
    }

    private RemoteResult RunCase(IRemoteSystem system, LinkRelay relay, RemoteWorkload workload)
    {
        // A new red/green per case, 31+ apart mod 256 (> Observer.MaxShift + tolerance); below 0x10000.
        _seed = (_seed + 0x1F1F) % 0xF000;
        int seed = _seed;
        using AppRun app = system.StartApp(workload.Arguments(seed), $"remote-{seed}");
        try
        {
            app.WaitForReady(TimeSpan.FromSeconds(60));
            return Observe(system, relay, app, workload, seed);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{workload.Name} through {system.Name} over {relay.Link.Name}: {e.Message}\nTestApp log:\n{app.Log}", e);
        }
    }

    private RemoteResult Observe(IRemoteSystem system, LinkRelay relay, AppRun app, RemoteWorkload workload, int seed)
    {
        static TimeSpan Cpu((string Name, int ProcessId, bool Tree) p) => p.Tree ? ProcStat.TreeCpuTime(p.ProcessId) : ProcStat.CpuTime(p.ProcessId);
        var far = system.FarSide(app);
        var host = system.HostSide(app);
        TimeSpan farBefore = default, farAfter = default, hostBefore = default, hostAfter = default, appBefore = default, appAfter = default;
        long downBefore = 0, downAfter = 0, upBefore = 0, upAfter = 0, start = 0, end = 0;
        (int X, int Y) pixel = (Workload.WindowX + workload.Pixel.X, Workload.WindowY + workload.Pixel.Y);
        (Observation seen, _) = ObserverProcess.Run(hostDisplay, pixel, (Workload.WindowX, Workload.WindowY), seed, settings.WarmUp, settings.Watch, TimeSpan.Zero,
            onWatching: () =>
            {
                start = Stopwatch.GetTimestamp();
                (downBefore, upBefore) = (relay.BytesDown, relay.BytesUp);
                farBefore = Sum(far.Select(Cpu));
                hostBefore = Sum(host.Select(Cpu));
                appBefore = ProcStat.CpuTime(app.ProcessId);
            },
            onDone: () =>
            {
                (downAfter, upAfter) = (relay.BytesDown, relay.BytesUp);
                farAfter = Sum(far.Select(Cpu));
                hostAfter = Sum(host.Select(Cpu));
                appAfter = ProcStat.CpuTime(app.ProcessId);
                end = Stopwatch.GetTimestamp();
            },
            system.Tolerance, workload.Exact);
        Thread.Sleep(300); // the last frames' log lines
        if (app.HasExited)
        {
            throw new InvalidOperationException($"the TestApp ended during the measurement:\n{app.Log}");
        }

        (int Frame, long Time)[] frames = app.Frames();
        (List<double> latencies, int unmatched, int maxSkipped) = seen.Match(frames);
        latencies.Sort();
        double seconds = seen.Seconds, cpuSeconds = (double)(end - start) / Stopwatch.Frequency;
        int drawn = frames.Count(f => f.Time >= seen.Start && f.Time <= seen.End);
        int delivered = Math.Max(1, latencies.Count);
        // CPU and bytes are read over nearly the observed window (the observer's "watching" and "done"); scaled to it.
        double scale = seconds / cpuSeconds;
        double PerFrame(TimeSpan t) => t.TotalMilliseconds * scale / delivered;
        (long exactPixels, long pixels, int exactSamples, int samples) = seen.Exactness;
        return new RemoteResult(relay.Link, workload, system.Name)
        {
            DrawnFps = drawn / seconds,
            DeliveredFps = latencies.Count / seconds,
            P50 = Percentile(latencies, 0.50),
            P99 = Percentile(latencies, 0.99),
            Unmatched = unmatched,
            MaxSkipped = maxSkipped,
            BytesDownPerFrame = (downAfter - downBefore) * scale / delivered,
            BytesUpPerFrame = (upAfter - upBefore) * scale / delivered,
            BytesPerDrawnFrame = (downAfter - downBefore + upAfter - upBefore) * scale / Math.Max(1, drawn),
            FarCpuMsPerFrame = PerFrame(farAfter - farBefore),
            HostCpuMsPerFrame = PerFrame(hostAfter - hostBefore),
            AppCpuMsPerFrame = PerFrame(appAfter - appBefore),
            ExactFraction = pixels == 0 ? double.NaN : (double)exactPixels / pixels,
            ExactSamples = exactSamples,
            Samples = samples,
            Load = Report.LoadAverageNow(),
        };
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> times) => times.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
