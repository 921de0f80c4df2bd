namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// The qube's side of `guivirt run` is untrusted: anything in the qube runs as the same user as its
/// init and can find the init's status pipe (/proc/PID/fd/3). The pipes are the daemon's: under a
/// root daemon the qube's own user cannot open them again (a pipe's inode belongs to its creator,
/// mode 0600), which this test proves; under a daemon of the user's own it can, and the daemon's
/// reader then parses what it writes bounded, line by line (SandboxOutputTests feeds it the same
/// attack). Either way the daemon stays up and goes on reporting the next commands truthfully.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class HostileCommandChannelTests
{
    // Finds the init (or one of its waiting subshells: forks with the same command line) and writes into
    // its fd 3, the status pipe: forged and malformed lines, a terminal escape, then 300 kB of random
    // bytes and a 100 kB line without a newline until its end.
    private const string Attack = """
        for p in /proc/[0-9]*; do
            if grep -q guivirt-init "$p/cmdline" 2>/dev/null && [ -e "$p/fd/3" ]; then status=$p/fd/3; fi
        done
        [ -n "$status" ] || { echo "no status pipe found"; exit 1; }
        printf 'started 424242\nexited 1 77\nfailed 2 1\nstarted 2 2\n\033[2J\n' > "$status" || exit 1
        head -c 300000 /dev/urandom > "$status" || exit 1
        printf '%0100000d\n' 0 > "$status" || exit 1
        echo attack-done
        """;

    [Fact]
    public void TheQubeCannotReopenTheDaemonsStatusPipeAndTheChannelStaysTruthful()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--wait", "--", "true").ExitCode);

        Assert.True(GuiVirt.GuiDaemon.Sandbox.QubeUser.DaemonIsRoot, "run as root (CI does): this is the root daemon's wall");
        (int code, string output, string errors) = rig.Cli("run", "q", "--wait", "--", "sh", "-c", Attack);

        string commandLog = rig.Cli("logs", "q").Output;
        Assert.True(code == 1, $"{output}{errors}\n{commandLog}\n{rig.Daemon.Log}"); // the attack found the pipe and could not open it
        Assert.Matches(@"cannot create /proc/\d+/fd/3: Permission denied", commandLog);
        Assert.DoesNotContain("\nno status pipe found\n", commandLog, StringComparison.Ordinal); // it did find one: the wall, not a miss
        Assert.False(rig.Daemon.HasExited);
        string log = rig.Daemon.Log;
        Assert.DoesNotContain("malformed status line", log, StringComparison.Ordinal); // nothing reached the reader
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);

        // The channel still tells the truth about the next commands.
        (code, _, errors) = rig.Cli("run", "q", "--", "no-such-program");
        Assert.Equal(127, code);
        Assert.Contains("no-such-program: command not found in qube q", errors, StringComparison.Ordinal);
        Assert.Equal(5, rig.Cli("run", "q", "--wait", "--", "sh", "-c", "exit 5").ExitCode);
    }
}
