using System.Diagnostics;
using System.Text;

namespace GuiVirt.TestSupport;

/// <summary>
/// A real X tool (xdotool, xclip, ...) run on a test display. Standard input is written and
/// closed at once; standard output is kept as raw bytes so encodings can be checked exactly.
/// Dispose kills the tool if it still runs (only that process, by its id).
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly MemoryStream _output = new();
    private readonly Task _copy;
    private readonly Task<string> _errors;

    private ToolProcess(Process process)
    {
        _process = process;
        _copy = process.StandardOutput.BaseStream.CopyToAsync(_output);
        _errors = process.StandardError.ReadToEndAsync();
    }

    public string Name => _process.StartInfo.FileName;
    public bool HasExited => _process.HasExited;

    public static ToolProcess Start(string display, string tool, IEnumerable<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DISPLAY"] = display;
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        var started = new ToolProcess(process);
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(new UTF8Encoding(false).GetBytes(input));
        }
        process.StandardInput.Close();
        return started;
    }

    /// <summary>Runs <paramref name="tool"/> to its end and returns exit code and stdout bytes;
    /// throws with its stderr if it does not finish in time.</summary>
    public static (int ExitCode, byte[] Output) Run(string display, string tool, params string[] arguments)
    {
        using ToolProcess process = Start(display, tool, arguments);
        int code = process.WaitForExit(TimeSpan.FromSeconds(20));
        return (code, process.Output);
    }

    public byte[] Output
    {
        get
        {
            _copy.Wait(TimeSpan.FromSeconds(5));
            return _output.ToArray();
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"{Name} {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public string Errors => _errors.IsCompleted ? _errors.Result : "";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
