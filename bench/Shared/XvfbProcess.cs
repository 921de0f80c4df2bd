using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GuiVirt.X11;

namespace GuiVirt.Bench;

/// <summary>
/// A private Xvfb on the first free display number from <c>firstDisplay</c> up (each benchmark has
/// its own range, away from the tests' :100, so runs do not race for numbers). Shared by the
/// benchmarks (linked into each project). Follows tests/TestSupport/XvfbServer.cs,
/// copied rather than referenced so the benchmark does not depend on a test project.
/// Dispose sends SIGTERM to exactly the process started here.
/// </summary>
internal sealed partial class XvfbProcess : IDisposable
{
    private const int LastDisplay = 999;
    private const int SigTerm = 15;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    public XvfbProcess(int width, int height, int firstDisplay)
    {
        for (int number = firstDisplay; number <= LastDisplay; number++)
        {
            // A socket or lock file means a server runs there (or a dead one left it behind).
            if (File.Exists($"/tmp/.X11-unix/X{number}") || File.Exists($"/tmp/.X{number}-lock"))
            {
                continue;
            }

            Process process = Launch(number, width, height);
            if (WaitUntilReady(process, number))
            {
                _process = process;
                Display = ":" + number.ToString(CultureInfo.InvariantCulture);
                return;
            }

            // It exited: another server took the number between our check and its start.
            process.Dispose();
        }

        throw new InvalidOperationException($"no free X display number between :{firstDisplay} and :{LastDisplay}");
    }

    /// <summary>":N".</summary>
    public string Display { get; }

    public int ProcessId => _process.Id;

    /// <summary>SIGTERM (so Xvfb removes its own lock file and socket), SIGKILL only if it hangs.</summary>
    public void Dispose()
    {
        if (!_process.HasExited && (kill(_process.Id, SigTerm) != 0 || !_process.WaitForExit(5000)))
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static Process Launch(int number, int width, int height)
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
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>True once a client can connect; false if the server exited (number taken).</summary>
    private static bool WaitUntilReady(Process process, int number)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                XDisplay.Open($":{number}").Dispose();
                // We may have reached someone else's server if ours lost the race for the number:
                // ours is only ready if it is still running.
                Thread.Sleep(50);
                return !process.HasExited;
            }
            catch (XException)
            {
                Thread.Sleep(50);
            }
        }

        process.Kill();
        throw new TimeoutException($"Xvfb :{number} did not accept connections within {ReadyTimeout.TotalSeconds} s");
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
