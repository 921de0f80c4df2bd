using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.SharedMemory.Channel;

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
    private readonly int _stderrDescriptor;
    private readonly ReportOrder _order;
    private volatile bool _ready;

    /// <param name="onStatus">Called (on a pool thread) with each valid status line, once the command output written before it is in the log; after onEnded, never again.</param>
    /// <param name="onMalformedStatus">Called for each line that is not a valid status.</param>
    /// <param name="onEnded">Called once stdout has ended (after the last status): the init is gone, no status will come.</param>
    public SandboxOutput(Stream stdout, PipeStream stderr, CommandLog? log, Action<CommandStatus> onStatus, Action onMalformedStatus, Action onEnded)
    {
        _log = log;
        _onStatus = onStatus;
        _onMalformedStatus = onMalformedStatus;
        _stderrDescriptor = (int)stderr.SafePipeHandle.DangerousGetHandle();
        _order = new ReportOrder(PendingOutputBytes);
        // Asynchronous reads on pipes hold no thread while a qube is quiet.
        _stdout = PumpStdoutAsync(stdout, onEnded);
        _stderr = Task.Factory.StartNew(() => PumpOutput(stderr), TaskCreationOptions.LongRunning);
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

    /// <summary>How many bytes wait in the output pipe (FIONREAD); 0 when it cannot be asked.</summary>
    private unsafe long PendingOutputBytes()
    {
        const int FIONREAD = 0x541B;
        int pending = 0;
        return _stderrDescriptor >= 0 && Tmds.Linux.LibC.ioctl(_stderrDescriptor, FIONREAD, &pending) == 0 ? pending : 0;
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
            _order.Add(onEnded, afterWrittenOutput: true);
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
            // A command's exit waits for the output it wrote before it: `guivirt run --wait` and
            // the log's "exited" line come after the command's last lines.
            _order.Add(() => _onStatus(status), afterWrittenOutput: status.State == CommandState.Exited);
        }
        else
        {
            _onMalformedStatus();
        }
    }

    /// <summary>
    /// The commands' output, on a thread of its own: it waits for bytes (poll), then reads and logs
    /// them under the report order's lock, so no byte is ever read but not yet logged while a
    /// report looks (<see cref="ReportOrder"/>).
    /// </summary>
    private void PumpOutput(PipeStream stream)
    {
        var buffer = new byte[4096];
        var pace = new Pace(OutputBytesPerSecond);
        SafeHandle[] handles = [stream.SafePipeHandle];
        Span<bool> readable = stackalloc bool[1];
        try
        {
            while (true)
            {
                readable[0] = false;
                Readiness.Wait(handles, [false], readable, Timeout.InfiniteTimeSpan);
                if (!readable[0])
                {
                    continue; // a signal: wait again
                }

                int count = _order.Read(() =>
                {
                    int count = stream.Read(buffer);
                    if (!IsReady)
                    {
                        AddToTail(buffer.AsSpan(0, count));
                    }

                    _log?.Append(buffer.AsSpan(0, count));
                    return count;
                });
                if (count == 0)
                {
                    break;
                }

                pace.SpendBlocking(count);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke with the sandbox: what came is kept.
        }
        finally
        {
            _order.End();
        }
    }

    /// <summary>At most so many bytes a second: past it, the reader waits for the next second.</summary>
    private sealed class Pace(int bytesPerSecond)
    {
        private readonly Stopwatch _window = Stopwatch.StartNew();
        private long _spent;

        public async Task SpendAsync(int bytes)
        {
            if (Spend(bytes) is { } wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
                NewWindow();
            }
        }

        public void SpendBlocking(int bytes)
        {
            if (Spend(bytes) is { } wait && wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
                NewWindow();
            }
        }

        /// <summary>How long to wait before the next read (then <see cref="NewWindow"/>); zero while the second's allowance lasts.</summary>
        private TimeSpan Spend(int bytes)
        {
            if (_window.Elapsed >= TimeSpan.FromSeconds(1))
            {
                NewWindow();
            }

            _spent += bytes;
            if (_spent < bytesPerSecond)
            {
                return TimeSpan.Zero;
            }

            TimeSpan left = TimeSpan.FromSeconds(1) - _window.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                NewWindow();
            }

            return left;
        }

        private void NewWindow()
        {
            _spent = 0;
            _window.Restart();
        }
    }
}
