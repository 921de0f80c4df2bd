using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One program of this repository run as `dotnet DLL ARGS` (the daemon, the agent, the TestApp),
/// its output lines kept and handed to an optional callback, its CPU time and RSS read from /proc.
/// `dotnet app.dll` runs the app in the host process itself, so the PID is the program's own.
/// Dispose sends SIGTERM (a clean stop) to exactly this PID, and SIGKILL only if it hangs.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux ABI .NET supports
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Action<string>? _onLine;

    public ChildProcess(string name, string dll, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        Name = name;
        _onLine = onLine;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; throws with the log if the program ends or time runs out.</summary>
    public void WaitForLog(string text, double seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed.TotalSeconds > seconds || _process.HasExited)
            {
                throw new TimeoutException($"{Name} (pid {ProcessId}) never logged '{text}':\n{Log}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>User + system CPU time so far, from fields 14 and 15 of /proc/PID/stat.</summary>
    public TimeSpan CpuTime()
    {
        string stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    /// <summary>Resident set size in MiB (VmRSS of /proc/PID/status).</summary>
    public double RssMiB()
    {
        string line = File.ReadLines($"/proc/{ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Dispose()
    {
        if (!_process.HasExited && (kill(_process.Id, SigTerm) != 0 || !_process.WaitForExit(5000)))
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.WaitForExit(); // drains the output events
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // The TestApp logs a line per frame; keep the log of the long runners only short.
            if (_log.Length < 1 << 16)
            {
                _log.AppendLine(line);
            }
        }

        _onLine?.Invoke(line);
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
