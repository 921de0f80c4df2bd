using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One TestApp of one case, wherever it runs: its "frame N t=TICKS" lines (tests/TestApp, --timestamps)
/// collected as they come, its PID for /proc, and a stop by SIGTERM to exactly that PID.
/// </summary>
internal abstract class AppRun : IDisposable
{
    private readonly List<(int Frame, long Time)> _frames = [];
    private volatile bool _ready;

    public abstract int ProcessId { get; }

    public abstract bool HasExited { get; }

    /// <summary>What the app printed so far (for error messages).</summary>
    public abstract string Log { get; }

    /// <summary>The frames drawn so far: number and the Stopwatch timestamp just before its XPutImage.</summary>
    public (int Frame, long Time)[] Frames()
    {
        lock (_frames)
        {
            return [.. _frames];
        }
    }

    /// <summary>Waits for "ready" (the window is mapped and frame 0 drawn).</summary>
    public void WaitForReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!_ready)
        {
            if (clock.Elapsed > timeout || HasExited)
            {
                throw new TimeoutException($"the TestApp never logged 'ready':\n{Log}");
            }

            Thread.Sleep(20);
        }
    }

    public abstract void Dispose();

    /// <summary>One line of the app's log.</summary>
    protected void OnLine(string line)
    {
        if (line.StartsWith("ready ", StringComparison.Ordinal))
        {
            _ready = true;
        }
        else if (line.StartsWith("frame ", StringComparison.Ordinal) && line.Split(' ') is [_, string n, string t] && t.StartsWith("t=", StringComparison.Ordinal))
        {
            lock (_frames)
            {
                _frames.Add((int.Parse(n, CultureInfo.InvariantCulture), long.Parse(t[2..], CultureInfo.InvariantCulture)));
            }
        }
    }
}
