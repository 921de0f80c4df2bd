using GuiVirt.Bench;
using System.Diagnostics;
using System.Globalization;
using GuiVirt.X11;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The whole GuiVirt path as a person sees it: a TestApp animating in a qube's Xvfb, the real
/// agent and daemon processes, and an observer reading the host's screen. Next to each case, the
/// same app draws straight onto the host Xvfb with the same observer: the limit without GuiVirt.
/// The machine is small and shared, so only the GuiVirt/limit ratios of one run mean anything.
/// </summary>
internal static class Program
{
    public const string Command = "dotnet run -c Release --project bench/EndToEndBench";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    // Inside the pattern's first 256x256 tile (see Observer) and inside every window size used.
    private const int SampleX = 200, SampleY = 150;
    // The daemon keeps its 2-px frame on the screen, so a qube window at +0+0 would be shown at
    // +2+2; at +2+2 it is shown where it is, frame at the screen's corner, and the limit uses +2+2 too.
    // The observer finds where it really is (a daemon policy may move it) and the report says so.
    private const int WindowX = 2, WindowY = 2;

    private static readonly (int Width, int Height, int Fps)[] Shapes =
    [
        (1920, 1080, 1000), // free-running: the app draws as fast as it can
        (1920, 1080, 60),
        (1280, 720, 1000),
        (1280, 720, 60),
    ];

    private static int Main()
    {
        string root = RepositoryRoot();
        // This program's own output is bench/EndToEndBench/bin/CONFIG/TFM/: the programs it starts
        // were built by the project references with the same configuration and framework.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string Built(string folder, string dll) => Path.Combine(root, folder, "bin", output.Parent!.Name, output.Name, dll);

        var started = new List<IDisposable>(); // stopped in reverse order, also on failure
        string sockets = Directory.CreateTempSubdirectory("guivirt-e2e-bench-").FullName;
        try
        {
            var host = Start(started, new XvfbProcess(1920, 1080, firstDisplay: 400));
            var qube = Start(started, new XvfbProcess(1920, 1080, firstDisplay: 400));
            Console.WriteLine($"host Xvfb {host.Display} (pid {host.ProcessId}), qube Xvfb {qube.Display} (pid {qube.ProcessId})");
            var daemon = Start(started, new ChildProcess("daemon", Built("GuiDaemon", "guivirt.dll"),
                ["daemon", "--display", host.Display, "--socket-dir", sockets, "--qube", "work:blue"]));
            string socket = Path.Combine(sockets, "work.sock");
            WaitUntil(() => File.Exists(socket) || daemon.HasExited, TimeSpan.FromSeconds(20));
            if (!File.Exists(socket))
            {
                throw new InvalidOperationException($"the daemon never listened on work.sock:\n{daemon.Log}");
            }

            var agent = Start(started, new ChildProcess("agent", Built("GuiAgent", "guivirt-agent.dll"), ["--display", qube.Display, "--socket", socket]));
            Console.WriteLine($"daemon pid {daemon.ProcessId}, agent pid {agent.ProcessId}");

            using XDisplay screen = XDisplay.Open(host.Display);
            var observer = new Observer(screen, SampleX, SampleY);
            string app = Built(Path.Combine("tests", "TestApp"), "GuiVirt.TestApp.dll");
            var results = new List<CaseResult>();
            int seed = 0;
            foreach ((int width, int height, int fps) in Shapes)
            {
                // GuiVirt and its limit back to back, alternating which goes first, so drift in the
                // machine's load hits both alike.
                bool guiVirtFirst = results.Count % 4 == 0;
                foreach (bool viaGuiVirt in guiVirtFirst ? new[] { true, false } : [false, true])
                {
                    seed += 0x1F1F; // a new red/green per case, 31+ apart mod 256 (> Observer.MaxShift); below 0x10000 (see Observer)
                    CaseResult result;
                    try
                    {
                        result = RunCase(observer, app, viaGuiVirt ? qube.Display : host.Display, viaGuiVirt, width, height, fps, seed, agent, daemon);
                    }
                    catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                    {
                        throw new InvalidOperationException($"{e.Message}\ndaemon log:\n{daemon.Log}\nagent log:\n{agent.Log}", e);
                    }

                    Console.WriteLine(result.Summary());
                    results.Add(result);
                }
            }

            string report = Report.Markdown(results, SampleX, SampleY);
            Console.WriteLine();
            Console.WriteLine(report);
            string path = Path.Combine(root, "bench", "results", "end-to-end.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, report);
            Console.WriteLine($"written to {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
            return 0;
        }
        finally
        {
            foreach (IDisposable process in Enumerable.Reverse(started))
            {
                process.Dispose();
            }

            Directory.Delete(sockets, recursive: true);
        }
    }

    private static CaseResult RunCase(Observer observer, string app, string display, bool viaGuiVirt, int width, int height, int fps, int seed, ChildProcess agent, ChildProcess daemon)
    {
        var drawn = new List<(int Frame, long Time)>();
        void OnLine(string line)
        {
            // "frame N t=TICKS" (see tests/TestApp/Options.cs, --timestamps)
            if (line.StartsWith("frame ", StringComparison.Ordinal) && line.Split(' ') is [_, string n, string t] && t.StartsWith("t=", StringComparison.Ordinal))
            {
                lock (drawn)
                {
                    drawn.Add((int.Parse(n, CultureInfo.InvariantCulture), long.Parse(t[2..], CultureInfo.InvariantCulture)));
                }
            }
        }

        string[] arguments = ["--display", display, "--geometry", $"{width}x{height}+{WindowX}+{WindowY}", "--fps", $"{fps}", "--timestamps", "--seed", $"{seed}", "--title", "bench"];
        using var testApp = new ChildProcess("TestApp", app, arguments, OnLine);
        testApp.WaitForLog("ready window=");
        observer.WaitFor(seed, WindowX, WindowY, $"the TestApp on {display} (seed {seed})", TimeSpan.FromSeconds(20));
        Thread.Sleep(WarmUp);

        ChildProcess[] measured = viaGuiVirt ? [agent, daemon, testApp] : [testApp];
        TimeSpan[] cpuBefore = [.. measured.Select(p => p.CpuTime())];
        Observation seen = observer.Watch(seed, Window);
        TimeSpan[] cpu = [.. measured.Select((p, i) => p.CpuTime() - cpuBefore[i])];
        double[] rss = [.. measured.Select(p => p.RssMiB())];
        // Log lines of frames drawn near the end may still be in the pipe.
        Thread.Sleep(300);
        (int Frame, long Time)[] frames;
        lock (drawn)
        {
            frames = [.. drawn];
        }

        if (testApp.HasExited)
        {
            throw new InvalidOperationException($"the TestApp ended during the measurement:\n{testApp.Log}");
        }

        return CaseResult.From(viaGuiVirt, width, height, fps, seen, frames, cpu, rss, observer.WindowOrigin);
    }

    private static T Start<T>(List<IDisposable> started, T process)
        where T : IDisposable
    {
        started.Add(process);
        return process;
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            Thread.Sleep(20);
        }
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
