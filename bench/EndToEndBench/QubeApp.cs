using System.Diagnostics;
using System.Text;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// A TestApp started in a sandboxed qube through `guivirt run`. Its output goes to the qube's own
/// log, so the app writes its lines with --log into the qube's home, which the host reads
/// (<paramref name="hostLogPath"/>); its PID is found below the daemon's sandbox by its unique
/// --log argument (<paramref name="insideLogPath"/>). Dispose sends it SIGTERM; the qube's init reaps it.
/// </summary>
internal sealed class QubeApp : AppRun
{
    private readonly string _hostLogPath;
    private readonly Thread _reader;
    private readonly StringBuilder _log = new();
    private volatile bool _stopping;

    public QubeApp(int sandboxProcessId, string hostLogPath, string insideLogPath)
    {
        _hostLogPath = hostLogPath;
        var clock = Stopwatch.StartNew();
        int? found;
        while ((found = ProcStat.FindDescendant(sandboxProcessId, "--log", insideLogPath)) is null)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"no TestApp with --log {insideLogPath} appeared in the qube");
            }

            Thread.Sleep(50);
        }

        ProcessId = found.Value;
        _reader = new Thread(ReadLog) { IsBackground = true, Name = "qube app log" };
        _reader.Start();
    }

    public override int ProcessId { get; }

    public override bool HasExited => ProcStat.CommandLine(ProcessId).Length == 0;

    public override string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public override void Dispose()
    {
        if (!HasExited)
        {
            _ = Tmds.Linux.LibC.kill(ProcessId, Tmds.Linux.LibC.SIGTERM);
        }

        var clock = Stopwatch.StartNew();
        while (!HasExited && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
        }

        _stopping = true;
        _reader.Join();
    }

    /// <summary>Follows the log file like `tail -f`: the app flushes after every line.</summary>
    private void ReadLog()
    {
        var pending = new StringBuilder();
        byte[] buffer = new byte[1 << 16];
        FileStream? file = null;
        try
        {
            while (!_stopping)
            {
                if (file is null && File.Exists(_hostLogPath))
                {
                    file = new FileStream(_hostLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }

                int read = file?.Read(buffer) ?? 0;
                if (read == 0)
                {
                    Thread.Sleep(10);
                    continue;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                string text = pending.ToString();
                int end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }

                foreach (string line in text[..end].Split('\n'))
                {
                    lock (_log)
                    {
                        if (_log.Length < 1 << 16)
                        {
                            _log.AppendLine(line);
                        }
                    }

                    OnLine(line);
                }

                pending.Clear().Append(text[(end + 1)..]);
            }
        }
        finally
        {
            file?.Dispose();
        }
    }
}
