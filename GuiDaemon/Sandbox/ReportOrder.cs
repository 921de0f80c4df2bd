namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Keeps a qube's command reports behind the output the command wrote before them. The reports
/// (status pipe) and the output (output pipe) travel apart, and the output is read at a bounded
/// rate: when a command has exited, all it wrote is in the output pipe, but the daemon may not have
/// read it yet. A report that must wait (an exit) waits until as many bytes as were in the pipe when
/// it came have been read, or the pipe has been seen empty. Each read of the output happens under
/// the same lock (<see cref="Read"/>), so no byte is between the pipe and the log while a report
/// looks. Reports run in the order they came, on the thread that releases them.
/// </summary>
internal sealed class ReportOrder(Func<long> pendingBytes)
{
    private readonly Lock _lock = new();
    private readonly Queue<(long Target, Action Report)> _waiting = new();
    private long _bytesRead;
    private bool _ended;

    /// <summary>Reads the output with <paramref name="read"/> (which also logs it and returns the count, 0 at the end).</summary>
    public int Read(Func<int> read)
    {
        lock (_lock)
        {
            int count = 0;
            try
            {
                count = read();
            }
            finally
            {
                _bytesRead += count;
                _ended |= count == 0;
                Release();
            }

            return count;
        }
    }

    /// <summary>The output has ended (or broke): every report waiting may go.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended = true;
            Release();
        }
    }

    /// <summary>Runs <paramref name="report"/> after the reports before it and, if <paramref name="afterWrittenOutput"/>, after the output written so far.</summary>
    public void Add(Action report, bool afterWrittenOutput)
    {
        lock (_lock)
        {
            _waiting.Enqueue((afterWrittenOutput ? _bytesRead + pendingBytes() : 0, report));
            Release();
        }
    }

    private void Release()
    {
        while (_waiting.TryPeek(out var head) && (_ended || _bytesRead >= head.Target || pendingBytes() == 0))
        {
            _waiting.Dequeue().Report();
        }
    }
}
