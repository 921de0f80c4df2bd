using System.Text;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The bwrap process's stdout and stderr. Until the init says it is ready they carry bwrap's and
/// the init's own messages; the init then closes them. Read in bounded chunks and only a bounded
/// tail is kept, so a qube cannot make the daemon buffer without end, and the tail is cleaned of
/// control characters before it goes into an exception message (a terminal escape from the qube
/// must not reach the daemon's log).
/// </summary>
internal sealed class SandboxOutput
{
    private const int TailChars = 4096;

    private readonly StringBuilder _tail = new();
    private readonly ManualResetEventSlim _readyOrEnded = new();
    private readonly Task _stdout;
    private readonly Task _stderr;
    private string _stdoutText = "";

    public SandboxOutput(Stream stdout, Stream stderr)
    {
        // Asynchronous reads on pipes hold no thread while a qube is quiet.
        _stdout = PumpAsync(stdout, isStdout: true);
        _stderr = PumpAsync(stderr, isStdout: false);
    }

    /// <summary>True once the init has printed its ready line; false if the output ended or time ran out first.</summary>
    public bool WaitForReady(TimeSpan timeout) => _readyOrEnded.Wait(timeout) && IsReady;

    public bool IsReady { get; private set; }

    /// <summary>The last messages, printable characters and newlines only.</summary>
    public string Tail
    {
        get
        {
            Task.WaitAll([_stdout, _stderr], TimeSpan.FromMilliseconds(500)); // let the last bytes of a dead sandbox arrive
            lock (_tail)
            {
                return string.Concat(_tail.ToString().Select(c => c == '\n' || !char.IsControl(c) ? c : '?')).Trim();
            }
        }
    }

    private async Task PumpAsync(Stream stream, bool isStdout)
    {
        var buffer = new byte[1024];
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                string text = Encoding.UTF8.GetString(buffer, 0, count);
                lock (_tail)
                {
                    _tail.Append(text);
                    if (_tail.Length > TailChars)
                    {
                        _tail.Remove(0, _tail.Length - TailChars);
                    }

                    if (isStdout && !IsReady)
                    {
                        _stdoutText = (_stdoutText + text)[^Math.Min(_stdoutText.Length + text.Length, 256)..];
                        if (_stdoutText.Contains(QubeInit.ReadyLine + "\n", StringComparison.Ordinal))
                        {
                            IsReady = true;
                            _readyOrEnded.Set();
                        }
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke with the sandbox: what came is kept.
        }
        finally
        {
            if (isStdout)
            {
                _readyOrEnded.Set();
            }
        }
    }
}
