using System.Diagnostics;
using System.Text;

namespace GuiVirt.TestSupport;

/// <summary>Everything a started process writes on stdout and stderr, as lines, readable from any thread.</summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts collecting both streams of <paramref name="process"/> (started with both redirected).</summary>
    public ProcessOutput(Process process)
    {
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    /// <summary>What the process has written so far.</summary>
    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }
}
