using System.Diagnostics;
using GuiVirt.Headless;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The whole path as a person sees it, for GuiVirt, xpra and the limit side by side in one run:
/// the same TestApp workloads through a sandboxed GuiVirt qube, through xpra (seamless, mmap), and
/// drawn straight onto the host Xvfb; an observer process reading the host's screen; then the
/// daemon's cost as qubes and windows grow. The machine is small and shared, so only the ratios
/// of one run mean anything. Run through bench/run.sh, which installs what is missing.
/// </summary>
internal static class Program
{
    public const string Command = "bench/run.sh";

    private static int Main(string[] args)
    {
        if (args is [ObserverProcess.Command, .. var rest])
        {
            return ObserverProcess.Run(rest);
        }

        if (ParseSettings(args) is not { } settings)
        {
            Console.Error.WriteLine("""
                usage: bench/run.sh [--quick] [--no-scale] [--no-contention] [--only TEXT]
                       bench/run.sh --remote [--quick]
                  --quick          3 s instead of 10 s per case, 1 and 20 qubes only
                  --no-scale       skip the qubes x windows part
                  --no-contention  skip the workloads under stress-ng (the "loaded" rows)
                  --only TEXT      only the window workloads whose name contains TEXT (no idle and scale parts)
                  --remote         only the remote benchmark: GuiVirt remote qubes and xpra over TCP through
                                   emulated links (1 Gbit/s 1 ms, 100 Mbit/s 10 ms, 20 Mbit/s 40 ms)
                """);
            return 2;
        }

        string root = RepositoryRoot();
        // This program's own output is bench/EndToEndBench/bin/CONFIG/TFM/: the programs it starts
        // were built by the project references with the same configuration and framework.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string Built(string folder, string dll) => Path.Combine(root, folder, "bin", output.Parent!.Name, output.Name, dll);
        string guivirt = Built("Cli", "guivirt.dll");
        string testApp = Built(Path.Combine("tests", "TestApp"), "GuiVirt.TestApp.dll");

        if (settings.Remote)
        {
            return RunRemote(settings, root, guivirt, testApp);
        }

        var started = new List<IDisposable>(); // stopped in reverse order, also on failure
        string directory = Directory.CreateTempSubdirectory("guivirt-bench-").FullName;
        var clock = Stopwatch.StartNew();
        string loadAtStart = Report.LoadAverage();
        try
        {
            // 4K, so that the 3840x2160 workloads fit; the other windows use its top-left corner.
            var host = Start(started, new XvfbServer(HostWidth, HostHeight, firstDisplay: 400));
            Console.WriteLine($"host Xvfb {host.Display} (pid {host.ProcessId})");
            var guiVirt = Start(started, new GuiVirtSystem(guivirt, testApp, host.Display, directory));
            Console.WriteLine($"guivirt daemon pid {guiVirt.DaemonProcessId}");
            var xpra = Start(started, new XpraSystem(testApp, host.Display, directory));
            Console.WriteLine($"xpra: {xpra.Version}");
            var limit = Start(started, new DirectSystem(testApp, host.Display));

            var bench = new WindowBench(host.Display, settings);
            List<CaseResult> results = bench.Run([guiVirt, xpra, limit]);
            IdleResult? idle = settings.Only is null ? IdleResult.Measure(guiVirt, xpra, settings.Watch) : null;
            Console.WriteLine(idle?.Summary());
            List<ScaleResult> scale = [];
            string? scaleFailure = null;
            try
            {
                scale = settings.Scale && settings.Only is null ? new ScaleBench(guiVirt, host.Display, settings).Run() : [];
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // The window cases are measured: the report is written without the scale part, saying why.
                scaleFailure = e.Message;
                Console.WriteLine($"the scale part failed: {e.Message}");
            }


            string resultsFolder = Path.Combine(root, "bench", "results");
            Directory.CreateDirectory(resultsFolder);
            var run = new RunInfo(settings, xpra.Version, clock.Elapsed, loadAtStart, guiVirt.SchedulingLine) { ScaleFailure = scaleFailure };
            string report = Report.Markdown(run, results, idle, scale);
            // A part of the run (--only) does not replace the full run's results.
            string name = settings.Only is null ? "end-to-end" : "end-to-end-only";
            File.WriteAllText(Path.Combine(resultsFolder, $"{name}.md"), report);
            Chart.Save(Path.Combine(resultsFolder, $"{name}.png"), results, scale);
            Console.WriteLine();
            Console.WriteLine(report);
            Console.WriteLine($"written to bench/results/{name}.md and bench/results/{name}.png in {clock.Elapsed.TotalMinutes:F1} min");
            return 0;
        }
        finally
        {
            foreach (IDisposable process in Enumerable.Reverse(started))
            {
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>`--remote`: GuiVirt remote qubes and xpra over TCP through the emulated links; writes bench/results/remote.md and remote.png.</summary>
    private static int RunRemote(Settings settings, string root, string guivirt, string testApp)
    {
        var started = new List<IDisposable>(); // stopped in reverse order, also on failure
        string directory = Directory.CreateTempSubdirectory("guivirt-rbench-").FullName;
        var clock = Stopwatch.StartNew();
        string loadAtStart = Report.LoadAverage();
        try
        {
            var host = Start(started, new XvfbServer(HostWidth, HostHeight, firstDisplay: 400));
            Console.WriteLine($"host Xvfb {host.Display} (pid {host.ProcessId})");
            var guiVirt = Start(started, new Remote.GuiVirtRemoteSystem(guivirt, testApp, host.Display, directory));
            Console.WriteLine($"GuiVirt remote: {guiVirt.Unavailable ?? "available"}");
            var xpra = Start(started, new Remote.XpraTcpSystem(testApp, host.Display, directory));
            var bench = new Remote.RemoteBench(host.Display, settings);
            List<Remote.RemoteResult> results = bench.Run([guiVirt, xpra]);
            string resultsFolder = Path.Combine(root, "bench", "results");
            Directory.CreateDirectory(resultsFolder);
            string report = Remote.RemoteReport.Markdown(settings, results, bench.LinkRoundTrips, xpra.Version, clock.Elapsed, loadAtStart);
            File.WriteAllText(Path.Combine(resultsFolder, "remote.md"), report);
            Remote.RemoteReport.Chart(Path.Combine(resultsFolder, "remote.png"), results);
            Console.WriteLine();
            Console.WriteLine(report);
            Console.WriteLine($"written to bench/results/remote.md and bench/results/remote.png in {clock.Elapsed.TotalMinutes:F1} min");
            return 0;
        }
        finally
        {
            foreach (IDisposable process in Enumerable.Reverse(started))
            {
                process.Dispose();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The host screen's size, and that of xpra's server screen and of each qube's.</summary>
    public const int HostWidth = 3840, HostHeight = 2160;

    private static Settings? ParseSettings(string[] args)
    {
        bool quick = false, scale = true, contention = true, remote = false;
        string? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--remote": remote = true; break;
                case "--no-scale": scale = false; break;
                case "--no-contention": contention = false; break;
                case "--only" when i + 1 < args.Length: only = args[++i]; break;
                default: return null;
            }
        }

        // The remote benchmark has its own workloads: the local parts' options do not apply to it.
        return remote && (only is not null || !scale || !contention) ? null : new Settings(quick, scale, contention, only, remote);
    }

    private static T Start<T>(List<IDisposable> started, T process)
        where T : IDisposable
    {
        started.Add(process);
        return process;
    }

    /// <summary>The checkout this is run from: GuiVirt.sln above the working directory or the binary.</summary>
    private static string RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GuiVirt.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("run from inside the GuiVirt checkout: GuiVirt.sln not found");
    }
}
