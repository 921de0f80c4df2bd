using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuiVirt.X11.Interop;

namespace GuiVirt.TestSupport;

/// <summary>
/// A real Xvfb on a free display number (from :100 up), ready to accept clients when the
/// constructor returns. Dispose kills exactly the process this object started.
/// </summary>
public sealed class XvfbServer : IDisposable
{
    private const int FirstDisplay = 100;
    private const int LastDisplay = 999;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    // Numbers this process has handed out: parallel fixtures in one test run never try the same one.
    private static int s_nextCandidate = FirstDisplay;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private int _disposed;

    /// <summary>Starts a 1920x1080 screen.</summary>
    public XvfbServer()
        : this(1920, 1080)
    {
    }

    /// <summary>Starts a <paramref name="width"/>x<paramref name="height"/>x24 screen.</summary>
    public XvfbServer(int width, int height)
    {
        Width = width;
        Height = height;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int number = NextFreeNumber();
            Process process = Launch(number, width, height);
            switch (WaitUntilReady(process, number, clock))
            {
                case true:
                    _process = process;
                    ProcessId = process.Id;
                    Number = number;
                    Display = ":" + number.ToString(CultureInfo.InvariantCulture);
                    return;
                case false:
                    // Another server took the number between our check and its start: next one.
                    process.Dispose();
                    continue;
                default:
                    Kill(process);
                    throw new TimeoutException($"Xvfb :{number} did not accept connections within {ReadyTimeout.TotalSeconds} s: {ErrorText()}");
            }
        }
    }

    /// <summary>The display name, ":N".</summary>
    public string Display { get; }
    public int Number { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>The Xvfb process id, so tests can check that it is gone.</summary>
    public int ProcessId { get; }

    /// <summary>Kills the server; safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        Kill(_process);
        _process.Dispose();
    }

    private static int NextFreeNumber()
    {
        while (true)
        {
            int number = Interlocked.Increment(ref s_nextCandidate) - 1;
            if (number > LastDisplay)
            {
                throw new InvalidOperationException($"no free X display number between :{FirstDisplay} and :{LastDisplay}");
            }
            // A socket or a lock file means a server runs there (or a dead one left it behind).
            if (!File.Exists($"/tmp/.X11-unix/X{number}") && !File.Exists($"/tmp/.X{number}-lock"))
            {
                return number;
            }
        }
    }

    private Process Launch(int number, int width, int height)
    {
        var start = new ProcessStartInfo("Xvfb")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { $":{number}", "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp", "-noreset" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        // Drain both pipes: a server blocked on a full stderr pipe would look like a hang.
        process.ErrorDataReceived += (_, e) => AppendError(e.Data);
        process.OutputDataReceived += (_, e) => AppendError(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>True when ready, false when the server exited (number taken), null on timeout.</summary>
    private static bool? WaitUntilReady(Process process, int number, Stopwatch clock)
    {
        string name = $":{number}";
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }
            nint display = Xlib.XOpenDisplay(name);
            if (display != 0)
            {
                Xlib.XCloseDisplay(display);
                // The connection may have reached someone else's server on this number if ours
                // lost the race for it; ours is only ready if it is still running.
                Thread.Sleep(50);
                return !process.HasExited;
            }
            Thread.Sleep(50);
        }
        return null;
    }

    /// <summary>SIGTERM first, so Xvfb removes its lock file and socket itself; SIGKILL after
    /// 5 s, and then the leftovers are removed here (only if the lock names this process).</summary>
    private static void Kill(Process process)
    {
        int id;
        try
        {
            if (process.HasExited)
            {
                return;
            }
            id = process.Id;
        }
        catch (InvalidOperationException)
        {
            return;   // never started
        }
        if (Signals.Terminate(id) && process.WaitForExit(5000))
        {
            return;
        }
        process.Kill();
        process.WaitForExit(5000);
        RemoveLeftovers(process, id);
    }

    private static void RemoveLeftovers(Process process, int id)
    {
        string number = process.StartInfo.ArgumentList[0].TrimStart(':');
        string lockFile = $"/tmp/.X{number}-lock";
        try
        {
            if (File.Exists(lockFile) && File.ReadAllText(lockFile).Trim() == id.ToString(CultureInfo.InvariantCulture))
            {
                File.Delete($"/tmp/.X11-unix/X{number}");
                File.Delete(lockFile);
            }
        }
        catch (IOException)
        {
            // Someone else's server took the number meanwhile: not ours to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void AppendError(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_errors)
        {
            _errors.AppendLine(line);
        }
    }

    private string ErrorText()
    {
        lock (_errors)
        {
            return _errors.ToString();
        }
    }
}
