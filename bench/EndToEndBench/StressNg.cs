using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The competing CPU load of issue 17: `stress-ng --cpu N` (Debian's stress-ng), one worker per
/// core, each spinning on a CPU-bound method. Started for one case and stopped after it, by PID
/// (SIGTERM to its parent, which ends its workers); --timeout ends it anyway should the benchmark die.
/// </summary>
internal sealed class StressNg : IDisposable
{
    private readonly Action _stop;

    private StressNg(Action stop) => _stop = stop;

    /// <summary>One worker per core.</summary>
    public static int Workers => Environment.ProcessorCount;

    /// <summary>The command line, the same on the host and in a qube.</summary>
    public static string[] Command => ["stress-ng", "--cpu", Workers.ToString(CultureInfo.InvariantCulture), "--timeout", "900s", "--quiet"];

    /// <summary>stress-ng as a process of the benchmark, on the host.</summary>
    public static StressNg OnHost()
    {
        var process = new ChildProcess("stress-ng", Command[0], Command[1..]);
        return new StressNg(process.Dispose);
    }

    /// <summary>stress-ng already started below <paramref name="ancestor"/> (in a qube): found by its command line, stopped with SIGTERM.</summary>
    public static StressNg Below(int ancestor)
    {
        var clock = Stopwatch.StartNew();
        int? found;
        while ((found = ProcStat.FindDescendant(ancestor, "stress-ng")) is null)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("stress-ng did not start in the qube");
            }

            Thread.Sleep(50);
        }

        return new StressNg(() =>
        {
            _ = Tmds.Linux.LibC.kill(found.Value, Tmds.Linux.LibC.SIGTERM);
            clock.Restart();
            while (ProcStat.FindDescendant(ancestor, "stress-ng") is not null && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(50);
            }
        });
    }

    public void Dispose() => _stop();
}
