using GuiVirt.TestSupport;

namespace GuiVirt.Cli.Tests;

/// <summary>The command line of the service commands (`run`'s options, `logs`) without a qube: usage and errors.</summary>
public sealed class ServiceCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-cli-service-test-").FullName;

    private string Sockets => Path.Combine(_directory, "sockets");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void RunAndLogsExplainThemselves()
    {
        (int code, string help, _) = GuivirtCli.Run(Sockets, "run", "--help");
        Assert.Equal(0, code);
        // Generated from the command tree (System.CommandLine): the options first, then QUBE, then -- CMD.
        Assert.Contains("usage: guivirt run [--label COLOR] [--network none|user] [--wait] [--disposable] [--host [USER@]HOST[:PORT]] [QUBE] -- CMD...", help, StringComparison.Ordinal);
        Assert.Contains("127", help, StringComparison.Ordinal);

        (code, help, _) = GuivirtCli.Run(Sockets, "logs", "--help");
        Assert.Equal(0, code);
        Assert.Contains("usage: guivirt logs [-f] QUBE", help, StringComparison.Ordinal);

        Assert.Equal(2, GuivirtCli.Run(Sockets, "run", "q", "--wait", "--wait", "--", "x").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "run", "q", "--label", "blue", "--").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "run", "q", "--bogus", "--", "x").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "logs").ExitCode);
    }

    [Fact]
    public void CopyExplainsItselfAndRefusesWhatIsNotSourcePathsAndATarget()
    {
        (int code, string help, _) = GuivirtCli.Run(Sockets, "copy", "--help");
        Assert.Equal(0, code);
        Assert.Contains("usage: guivirt copy SOURCE:PATH... TARGET", help, StringComparison.Ordinal);
        Assert.Contains("~/Incoming/SOURCE", help, StringComparison.Ordinal);

        Assert.Equal(2, GuivirtCli.Run(Sockets, "copy").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "copy", "work:a.txt").ExitCode); // no target
        Assert.Equal(2, GuivirtCli.Run(Sockets, "copy", "a.txt", "personal").ExitCode); // no source qube
        Assert.Equal(2, GuivirtCli.Run(Sockets, "copy", "work:", "personal").ExitCode); // no path
        Assert.Equal(2, GuivirtCli.Run(Sockets, "copy", "work:a", "vault:b", "personal").ExitCode); // two sources
        (code, _, string errors) = GuivirtCli.Run(Sockets, "copy", "work:a.txt", "personal");
        Assert.Equal(1, code);
        Assert.Contains("no guivirt daemon is running", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADaemonRunSaysHowToStartOneAndLogsReadsTheFileItself()
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "run", "q", "--wait", "--", "true");
        Assert.Equal(1, code);
        Assert.Contains("no guivirt daemon is running", errors, StringComparison.Ordinal);

        string qube = $"cli-test-{Environment.ProcessId}";
        (code, _, errors) = GuivirtCli.Run(Sockets, "logs", qube);
        Assert.Equal(0, code);
        Assert.Contains("no daemon is running; showing ", errors, StringComparison.Ordinal);
        Assert.Contains($"qube {qube} has no command output yet", errors, StringComparison.Ordinal);

        (code, _, errors) = GuivirtCli.Run(Sockets, "logs", "../etc");
        Assert.Equal(1, code);
        Assert.Contains("is not a qube name", errors, StringComparison.Ordinal);
    }
}
