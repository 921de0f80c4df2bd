using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Text;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The two pipes of a sandbox as the daemon reads them (real kernel pipes, the daemon's own reader):
/// a command's report comes after the output it wrote, and whatever the qube writes into the status
/// pipe is parsed line by line, bounded, and never more than counted as malformed.
/// </summary>
public sealed class SandboxOutputTests : IDisposable
{
    private readonly string _log = Path.Combine(Directory.CreateTempSubdirectory("guivirt-output-test-").FullName, "commands.log");
    private readonly AnonymousPipeServerStream _status = new(PipeDirection.Out);
    private readonly AnonymousPipeServerStream _output = new(PipeDirection.Out);
    private readonly BlockingCollection<(CommandStatus Status, string LogThen)> _reports = [];
    private readonly CommandLog _commandLog;
    private int _malformed;
    private int _ended;

    public SandboxOutputTests()
    {
        _commandLog = new CommandLog(_log);
        _ = new SandboxOutput(
            new AnonymousPipeClientStream(PipeDirection.In, _status.ClientSafePipeHandle),
            new AnonymousPipeClientStream(PipeDirection.In, _output.ClientSafePipeHandle),
            _commandLog,
            status => _reports.Add((status, File.Exists(_log) ? File.ReadAllText(_log) : "")),
            () => Interlocked.Increment(ref _malformed),
            () => Interlocked.Increment(ref _ended));
        Status(QubeInit.ReadyLine + "\n");
    }

    [Fact]
    public void AnExitReportWaitsForTheOutputTheCommandWroteBeforeIt()
    {
        // 32 KB more than the reader takes in a second (SandboxOutput.OutputBytesPerSecond): it pauses
        // with those in the pipe. The writer returns once the last bytes are in the pipe, as a
        // command's exit does; its report follows at once.
        string output = string.Concat(Enumerable.Range(1, (SandboxOutput.OutputBytesPerSecond + 32 * 1024) / 39).Select(i => $"line {i:D33}\n")) + "last-line\n";
        Write(_output, output); // returns once the reader has made room for the last bytes
        Status("started 1\nexited 1 0\n");

        (CommandStatus started, string _) = Next();
        (CommandStatus exited, string logThen) = Next();
        Assert.Equal(new CommandStatus(1, CommandState.Started, 0), started);
        Assert.Equal(new CommandStatus(1, CommandState.Exited, 0), exited);
        Assert.EndsWith("last-line\n", logThen, StringComparison.Ordinal); // every byte before the report is in the log
    }

    [Fact]
    public void HostileBytesInTheStatusPipeAreCountedAndTheNextTrueReportStillArrives()
    {
        var random = new Random(7);
        byte[] noise = new byte[300_000];
        random.NextBytes(noise);
        Status("started 424242\nexited 1 777\nfailed 2 1\nstarted 2 2\n\u001b[2J\n");
        Write(_status, noise);
        Status(new string('0', 100_000) + "\nexited 3 5\n");

        (CommandStatus forged, string _) = Next(); // well formed: parsed, and left to the launches to ignore an unknown id
        Assert.Equal(new CommandStatus(424242, CommandState.Started, 0), forged);
        (CommandStatus truthful, string _) = NextMatching(status => status.Id == 3);
        Assert.Equal(new CommandStatus(3, CommandState.Exited, 5), truthful);
        Assert.InRange(Volatile.Read(ref _malformed), 5, noise.Length); // every bad line counted; the overlong one once
        Assert.Equal(0, Volatile.Read(ref _ended));
    }

    [Fact]
    public void TheEndOfTheStatusPipeIsReportedAfterTheLastReport()
    {
        Status("started 9\nexited 9 1\n");
        _status.SafePipeHandle.Dispose(); // the init's end closes; the reader's end stays open
        Assert.Equal(9, Next().Status.Id);
        Assert.Equal(9, Next().Status.Id);
        SpinWait.SpinUntil(() => Volatile.Read(ref _ended) == 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref _ended));
    }

    public void Dispose()
    {
        _status.Dispose();
        _output.Dispose();
        _commandLog.Dispose();
        Directory.Delete(Path.GetDirectoryName(_log)!, recursive: true);
    }

    private (CommandStatus Status, string LogThen) Next() =>
        _reports.TryTake(out var report, TimeSpan.FromSeconds(30)) ? report : throw new TimeoutException("no report within 30 s");

    private (CommandStatus Status, string LogThen) NextMatching(Func<CommandStatus, bool> wanted)
    {
        while (true)
        {
            var report = Next();
            if (wanted(report.Status))
            {
                return report;
            }
        }
    }

    private void Status(string text) => Write(_status, Encoding.ASCII.GetBytes(text));

    private static void Write(Stream pipe, string text) => Write(pipe, Encoding.ASCII.GetBytes(text));

    private static void Write(Stream pipe, byte[] bytes)
    {
        pipe.Write(bytes);
        pipe.Flush();
    }
}
