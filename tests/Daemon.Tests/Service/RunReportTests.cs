namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// `guivirt run` tells the truth about the command's start: the qube's init looks the program up and
/// reports, the daemon relays, and the command line exits as a shell would (127 not found, 126 not
/// executable); with --wait it exits with the command's own status.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class RunReportTests
{
    [Fact]
    public void AProgramThatIsNotInTheQubeIsReportedWithExitCode127()
    {
        using var rig = new ServiceRig();
        (int code, string output, string errors) = rig.Cli("run", "q", "--label", "blue", "--", "true");
        Assert.True(code == 0, errors + rig.Daemon.Log); // the positive first: a real program starts
        Assert.Contains("started qube q; running true", output, StringComparison.Ordinal);

        (code, output, errors) = rig.Cli("run", "q", "--", "no-such-program", "--flag");
        Assert.Equal(127, code);
        Assert.Equal("guivirt: no-such-program: command not found in qube q\n", errors);
        Assert.Empty(output);

        (code, _, errors) = rig.Cli("run", "q", "--", "/usr/bin/no-such-program");
        Assert.Equal(127, code);
        Assert.Contains("/usr/bin/no-such-program: command not found in qube q", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatCannotBeExecutedIsReportedWithExitCode126()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--", "true").ExitCode);
        string home = Path.Combine(rig.DataHome, "guivirt", "qubes", "q", "home");
        File.WriteAllText(Path.Combine(home, "notes.txt"), "not a program\n");
        File.SetUnixFileMode(Path.Combine(home, "notes.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        (int code, _, string errors) = rig.Cli("run", "q", "--", "/home/user/notes.txt");
        Assert.Equal(126, code);
        Assert.Contains("/home/user/notes.txt: cannot be executed in qube q", errors, StringComparison.Ordinal);

        (code, _, errors) = rig.Cli("run", "q", "--", "/home/user");
        Assert.Equal(126, code);
        Assert.Contains("/home/user: cannot be executed in qube q", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WithWaitTheCommandsExitStatusIsReturned()
    {
        using var rig = new ServiceRig();
        (int code, string output, string errors) = rig.Cli("run", "q", "--label", "blue", "--wait", "--", "sh", "-c", "sleep 1; exit 3");
        Assert.Equal(3, code);
        Assert.Contains("sh exited with status 3 in qube q", errors, StringComparison.Ordinal);

        (code, output, errors) = rig.Cli("run", "q", "--wait", "--", "sh", "-c", "exit 0");
        Assert.True(code == 0, errors);
        Assert.Contains("sh exited with status 0 in qube q", output, StringComparison.Ordinal);
    }
}
