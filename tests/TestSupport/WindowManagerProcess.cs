using System.Diagnostics;
using System.Text;
using GuiVirt.X11;

namespace GuiVirt.TestSupport;

/// <summary>
/// A real reparenting window manager (openbox, fluxbox) on a test display, as a user's desktop has
/// one. Ready when the constructor returns: EWMH's check window names itself, so the manager has
/// taken the screen and manages windows. Its home is a fresh directory (fluxbox writes its
/// configuration there). Dispose kills exactly the process it started.
/// </summary>
public sealed class WindowManagerProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _home = Directory.CreateTempSubdirectory("guivirt-wm-home-").FullName;
    private readonly StringBuilder _log = new();

    public WindowManagerProcess(string display, string name)
    {
        Name = name;
        var start = new ProcessStartInfo(name)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["DISPLAY"] = display;
        start.Environment["HOME"] = _home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {name}");
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        try
        {
            WaitUntilManaging(display);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The program: openbox, fluxbox.</summary>
    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the window manager printed so far.</summary>
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>EWMH: _NET_SUPPORTING_WM_CHECK on the root names a window whose own property names itself.</summary>
    private void WaitUntilManaging(string display)
    {
        using XDisplay x = XDisplay.Open(display);
        XAtom check = x.Atom("_NET_SUPPORTING_WM_CHECK");
        DateTime deadline = DateTime.UtcNow + ReadyTimeout;
        while (!(x.GetLongs(x.Root, check) is [long manager] && x.GetLongs(new XWindow((nuint)manager), check) is [long self] && self == manager))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not start managing {display}:\n{Log}");
            }

            Thread.Sleep(50);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
