using System.Diagnostics;
using System.Text;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The bwrap process's stdout and stderr. Until the init says it is ready they carry bwrap's and
/// the init's own messages, of which a bounded tail is kept for the error of a failed start. Then
/// stdout becomes the qube's status channel (one short line per command event, see
/// <see cref="CommandStatus"/>) and stderr the output of every command (to the
/// <see cref="CommandLog"/>). Anything in the qube can write to both: they are read in bounded
/// chunks at a bounded rate (<see cref="StatusBytesPerSecond"/>, <see cref="OutputBytesPerSecond"/>;
/// beyond it the pipe fills and the qube's writers wait, the daemon does not), a status line longer
/// than <see cref="CommandStatus.MaxLineBytes"/> is dropped, and the tail is cleaned of control
/// characters before it goes into a message.
/// </summary>
internal sealed class SandboxOutput
{
    public const int StatusBytesPerSecond = 64 * 1024;
    public const int OutputBytesPerSecond = 1024 * 1024;
    private const int TailChars = 4096;
    private const int ReadyLineBytes = 256;

    private readonly StringBuilder _tail = new();
    private readonly ManualResetEventSlim _readyOrEnded = new();
    private readonly Action<CommandStatus> _onStatus;
    private readonly Action _onMalformedStatus;
    private readonly CommandLog? _log;
    private readonly Task _stdout;
    private readonly Task _stderr;
    private volatile bool _ready;

    /// <param name="onStatus">Called (on a pool thread) with each valid status line; after the end of stdout, never again.</param>
    /// <param name="onMalformedStatus">Called for each line that is not a valid status.</param>
    /// <param name="onEnded">Called once stdout has ended: the init is gone, no status will come.</param>
    public SandboxOutput(Stream stdout, Stream stderr, CommandLog? log, Action<CommandStatus> onStatus, Action onMalformedStatus, Action onEnded)
    {
        _log = log;
        _onStatus = onStatus;
        _onMalformedStatus = onMalformedStatus;
        // Asynchronous reads on pipes hold no thread while a qube is quiet.
        _stdout = PumpStdoutAsync(stdout, onEnded);
        _stderr = PumpStderrAsync(stderr);
    }

    /// <summary>True once the init has printed its ready line; false if the output ended or time ran out first.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> is cancelled first.</exception>
    public bool WaitForReady(TimeSpan timeout, CancellationToken cancel) => _readyOrEnded.Wait(timeout, cancel) && IsReady;

    public bool IsReady
    {
        get => _ready;
        private set => _ready = value;
    }

    /// <summary>The last messages before the init was ready, printable characters and newlines only.</summary>
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

    private void AddToTail(ReadOnlySpan<byte> bytes)
    {
        lock (_tail)
        {
            _tail.Append(Encoding.UTF8.GetString(bytes));
            if (_tail.Length > TailChars)
            {
                _tail.Remove(0, _tail.Length - TailChars);
            }
        }
    }

    private async Task PumpStdoutAsync(Stream stream, Action onEnded)
    {
        var buffer = new byte[1024];
        var line = new byte[Math.Max(ReadyLineBytes, CommandStatus.MaxLineBytes)];
        int lineLength = 0;
        bool overlong = false;
        var pace = new Pace(StatusBytesPerSecond);
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (!IsReady)
                {
                    AddToTail(buffer.AsSpan(0, count));
                }

                foreach (byte b in buffer.AsSpan(0, count))
                {
                    if (b != '\n')
                    {
                        // Security: a line is kept up to a fixed length; the rest of an overlong one is dropped.
                        overlong |= lineLength == (IsReady ? CommandStatus.MaxLineBytes : ReadyLineBytes);
                        if (!overlong)
                        {
                            line[lineLength++] = b;
                        }

                        continue;
                    }

                    OnLine(line.AsSpan(0, lineLength), overlong);
                    lineLength = 0;
                    overlong = false;
                }

                await pace.SpendAsync(count).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The pipe broke with the sandbox: what came is kept.
        }
        finally
        {
            _readyOrEnded.Set();
            onEnded();
        }
    }

    private void OnLine(ReadOnlySpan<byte> untrustedLine, bool overlong)
    {
        if (!IsReady)
        {
            if (!overlong && untrustedLine.SequenceEqual(Encoding.ASCII.GetBytes(QubeInit.ReadyLine)))
            {
                IsReady = true;
                _readyOrEnded.Set();
            }

            return;
        }

        if (!overlong && CommandStatus.TryParse(untrustedLine, out CommandStatus status))
        {
            _onStatus(status);
        }
        else
        {
            _onMalformedStatus();
        }
    }

    private async Task PumpStderrAsync(Stream stream)
    {
        var buffer = new byte[4096];
        var pace = new Pace(OutputBytesPerSecond);
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (!IsReady)
                {
                    AddToTail(buffer.AsSpan(0, count));
                }

                _log?.Append(buffer.AsSpan(0, count));
                await pace.SpendAsync(count).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>At most so many bytes a second: past it, the reader waits for the next second.</summary>
    private sealed class Pace(int bytesPerSecond)
    {
        private readonly Stopwatch _window = Stopwatch.StartNew();
        private long _spent;

        public async Task SpendAsync(int bytes)
        {
            if (_window.Elapsed >= TimeSpan.FromSeconds(1))
            {
                _window.Restart();
                _spent = 0;
            }

            _spent += bytes;
            if (_spent < bytesPerSecond)
            {
                return;
            }

            TimeSpan left = TimeSpan.FromSeconds(1) - _window.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left).ConfigureAwait(false);
            }

            _spent = 0;
            _window.Restart();
        }
    }
}
