using System.Diagnostics;
using System.Globalization;
using System.Text;
using GuiVirt.X11;
using Tmds.Linux;

namespace GuiVirt.Headless;

/// <summary>
/// A real Xvfb (<c>-nolisten tcp</c>) on a free display number from <c>firstDisplay</c> up, ready
/// for clients when the constructor returns. Each user has its own range (the tests from :100, the
/// benchmarks from :300, the command line from :90), and numbers handed out in this process are
/// never tried twice, so parallel starts do not race. Dispose stops exactly the process started here.
/// </summary>
public sealed class XvfbServer : IDisposable
{
    private const int LastDisplay = 999;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    private static readonly HashSet<int> s_handedOut = [];

    private readonly Process _process;
    private readonly Func<int, ProcessStartInfo> _command;
    private readonly StringBuilder _errors = new();
    private int _disposed;

    /// <summary>Starts a <paramref name="width"/>x<paramref name="height"/>x24 screen; <see cref="TimeoutException"/> if it never accepts clients.</summary>
    public XvfbServer(int width, int height, int firstDisplay = 100)
        : this(width, height, firstDisplay, number => Command("Xvfb", [$":{number}", "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp", "-noreset"]))
    {
    }

    /// <summary>Another X server started the same way (<see cref="XephyrServer"/>): <paramref name="command"/> gives its command line for a display number, the number first.</summary>
    internal XvfbServer(int width, int height, int firstDisplay, Func<int, ProcessStartInfo> command)
    {
        _command = command;
        Width = width;
        Height = height;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int number = NextFreeNumber(firstDisplay);
            Process process = Launch(_command(number));
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
                    Stop(process);
                    throw new TimeoutException($"{_command(number).FileName} :{number} did not accept connections within {ReadyTimeout.TotalSeconds} s: {ErrorText()}");
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

    /// <summary>Stops the server; safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop(_process);
        _process.Dispose();
    }

    private static int NextFreeNumber(int firstDisplay)
    {
        lock (s_handedOut)
        {
            for (int number = firstDisplay; number <= LastDisplay; number++)
            {
                // A socket or a lock file means a server runs there (or a dead one left it behind).
                if (!s_handedOut.Contains(number) && !File.Exists($"/tmp/.X11-unix/X{number}") && !File.Exists(LockFile(number)))
                {
                    s_handedOut.Add(number);
                    return number;
                }
            }
        }

        throw new InvalidOperationException($"no free X display number between :{firstDisplay} and :{LastDisplay}");
    }

    internal static ProcessStartInfo Command(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private Process Launch(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start };
        // Drain both pipes: a server blocked on a full stderr pipe would look like a hang.
        process.ErrorDataReceived += (_, e) => AppendError(e.Data);
        process.OutputDataReceived += (_, e) => AppendError(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>
    /// True when ready, false when the server exited (number taken), null on timeout. Ready means
    /// a client can connect and the lock file names our process: a connection alone may have
    /// reached someone else's server, had ours lost the race for the number.
    /// </summary>
    private static bool? WaitUntilReady(Process process, int number, Stopwatch clock)
    {
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            if (CanConnect(number))
            {
                if (LockOwner(number) == process.Id)
                {
                    return true;
                }

                if (process.HasExited || LockOwner(number) is not null)
                {
                    return false; // someone else's server answered
                }
            }

            Thread.Sleep(50);
        }

        return null;
    }

    private static bool CanConnect(int number)
    {
        try
        {
            XDisplay.Open($":{number}").Dispose();
            return true;
        }
        catch (XException)
        {
            return false;
        }
    }

    private static string LockFile(int number) => $"/tmp/.X{number}-lock";

    /// <summary>The process id in the display's lock file (Xvfb writes it before it listens), or null.</summary>
    private static int? LockOwner(int number)
    {
        try
        {
            return int.TryParse(File.ReadAllText(LockFile(number)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int owner) ? owner : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// SIGTERM first, so Xvfb removes its lock file and socket itself; SIGKILL after 5 s, and then
    /// the leftovers are removed here (only if the lock file names this process).
    /// </summary>
    private static void Stop(Process process)
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
            return; // never started
        }

        if (LibC.kill(id, LibC.SIGTERM) == 0 && process.WaitForExit(5000))
        {
            return;
        }

        process.Kill();
        process.WaitForExit(5000);
        int number = int.Parse(process.StartInfo.ArgumentList[0].TrimStart(':'), CultureInfo.InvariantCulture);
        try
        {
            if (LockOwner(number) == id)
            {
                File.Delete($"/tmp/.X11-unix/X{number}");
                File.Delete(LockFile(number));
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
