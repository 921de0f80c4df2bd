using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GuiVirt.TestSupport;

/// <summary>
/// One running GuiVirt.TestApp (see tests/TestApp, Options.Usage): started on a display, ready
/// once it logged "ready window=0x...", its log lines collected from stdout. Dispose kills it if
/// it still runs; it only ever kills the process it started.
/// </summary>
public sealed class TestAppProcess : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private bool _outputClosed;

    private TestAppProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The window from the "ready" line (for --clipboard-set: the selection owner).</summary>
    public nuint Window { get; private set; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app on <paramref name="display"/> with <paramref name="arguments"/> and waits for "ready".</summary>
    public static TestAppProcess Start(string display, params string[] arguments)
    {
        var app = new TestAppProcess(new Process { StartInfo = StartInfo(display, arguments) });
        app._process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.OnError(e.Data);
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            string ready = app.WaitForLine(line => line.StartsWith("ready window=0x", StringComparison.Ordinal));
            string id = ready["ready window=0x".Length..].Split(' ')[0];
            app.Window = nuint.Parse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>Runs the app to its end (for --clipboard-get, --help): exit code, raw stdout, stderr.</summary>
    public static (int ExitCode, byte[] Output, string Errors) Run(string display, params string[] arguments)
    {
        using var process = new Process { StartInfo = StartInfo(display, arguments) };
        process.Start();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (!process.WaitForExit(DefaultTimeout))
        {
            process.Kill();
            process.WaitForExit();
            throw new TimeoutException($"TestApp {string.Join(' ', arguments)} did not exit");
        }
        copy.Wait(DefaultTimeout);
        return (process.ExitCode, output.ToArray(), errors.Result);
    }

    /// <summary>The log so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits for the first log line that matches and returns it; throws with the whole
    /// log when none does within <paramref name="timeout"/> or the app ends first.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? DefaultTimeout;
        lock (_lines)
        {
            int seen = 0;
            while (true)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]))
                    {
                        return _lines[seen];
                    }
                }
                TimeSpan left = limit - clock.Elapsed;
                if (_outputClosed || left <= TimeSpan.Zero)
                {
                    string why = _outputClosed ? "the app ended" : $"{limit.TotalSeconds} s passed";
                    throw new TimeoutException($"no matching log line ({why}). Log:\n{string.Join('\n', _lines)}\nstderr:\n{ErrorText()}");
                }
                Monitor.Wait(_lines, left);
            }
        }
    }

    /// <summary>Waits for the app to end; returns its exit code, or throws after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? DefaultTimeout))
        {
            throw new TimeoutException($"TestApp did not exit. Log:\n{string.Join('\n', Lines)}");
        }
        _process.WaitForExit();   // and drain the output events
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (a polite stop, as a session manager would).</summary>
    public void Terminate()
    {
        if (Tmds.Linux.LibC.kill(_process.Id, Tmds.Linux.LibC.SIGTERM) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {_process.Id} failed: errno {Tmds.Linux.LibC.errno}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to kill.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        lock (_lines)
        {
            if (line is null)
            {
                _outputClosed = true;
            }
            else
            {
                _lines.Add(line);
            }
            Monitor.PulseAll(_lines);
        }
    }

    private void OnError(string? line)
    {
        if (line is not null)
        {
            lock (_errors)
            {
                _errors.AppendLine(line);
            }
        }
    }

    private string ErrorText()
    {
        lock (_errors)
        {
            return _errors.ToString();
        }
    }

    private static ProcessStartInfo StartInfo(string display, string[] arguments)
    {
        var utf8 = new UTF8Encoding(false);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
        };
        start.ArgumentList.Add(AssemblyPath);
        start.ArgumentList.Add("--display");
        start.ArgumentList.Add(display);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    // `dotnet test` tells its children which host it runs on; plain `dotnet` otherwise.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>tests/TestApp/bin/CONFIG/TFM/GuiVirt.TestApp.dll.</summary>
    public static string AssemblyPath => BuiltProgram.Path(Path.Combine("tests", "TestApp"), "GuiVirt.TestApp.dll");
}
