using System.Diagnostics;
using System.Text;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One program the benchmark starts (the daemon, the TestApp, xpra, the observer, a `guivirt`
/// command), its output lines kept and handed to an optional callback, its CPU time and RSS read
/// from /proc. A program of this repository runs as `dotnet DLL ARGS` (<see cref="Dotnet"/>), which
/// runs it in the host process itself, so the PID is the program's own.
/// Dispose sends SIGTERM (a clean stop) to exactly this PID, and SIGKILL only if it hangs.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Action<string>? _onLine;

    public ChildProcess(string name, string program, IEnumerable<string> arguments, Action<string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Name = name;
        _onLine = onLine;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

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

    /// <summary>`dotnet DLL ARGS` with the dotnet host that runs this benchmark.</summary>
    public static ChildProcess Dotnet(string name, string dll, IEnumerable<string> arguments, Action<string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new(name, DotnetHost, [dll, .. arguments], onLine, environment);

    /// <summary>The dotnet executable (`dotnet run` says which in DOTNET_HOST_PATH).</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

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

    /// <summary>User + system CPU time so far (see <see cref="ProcStat.CpuTime"/>).</summary>
    public TimeSpan CpuTime() => ProcStat.CpuTime(ProcessId);

    /// <summary>Resident set size in MiB (see <see cref="ProcStat.RssMiB"/>).</summary>
    public double RssMiB() => ProcStat.RssMiB(ProcessId);

    /// <summary>Waits up to <paramref name="seconds"/> for the program to end by itself; its exit code, or null if it still runs.</summary>
    public int? WaitForExit(double seconds)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            return null;
        }

        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited && (Tmds.Linux.LibC.kill(_process.Id, Tmds.Linux.LibC.SIGTERM) != 0 || !_process.WaitForExit(5000)))
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
}
