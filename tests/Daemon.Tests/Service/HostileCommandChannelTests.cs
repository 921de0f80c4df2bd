namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// The qube's side of `guivirt run` is untrusted: anything in the qube runs as the same user as its
/// init, so it can write into the init's status pipe and its output pipe (through /proc/PID/fd).
/// A hostile program does exactly that here; the daemon must stay up, log the fact once, and go on
/// reporting the next commands truthfully.
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
    public void ForgedAndMalformedStatusFromInsideTheQubeIsContained()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--wait", "--", "true").ExitCode);

        (int code, string output, string errors) = rig.Cli("run", "q", "--wait", "--", "sh", "-c", Attack);

        Assert.True(code == 0, $"{output}{errors}\n{rig.Cli("logs", "q").Output}\n{rig.Daemon.Log}"); // the attack really wrote it all
        Assert.False(rig.Daemon.HasExited);
        string log = rig.Daemon.Log;
        Assert.Equal(1, CountOf(log, "qube q: a malformed status line came from inside the qube; ignored (reported once)"));
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", log, StringComparison.Ordinal); // nothing of the lines themselves

        // The channel still tells the truth about the next commands.
        (code, _, errors) = rig.Cli("run", "q", "--", "no-such-program");
        Assert.Equal(127, code);
        Assert.Contains("no-such-program: command not found in qube q", errors, StringComparison.Ordinal);
        Assert.Equal(5, rig.Cli("run", "q", "--wait", "--", "sh", "-c", "exit 5").ExitCode);
        Assert.Contains("attack-done", rig.Cli("logs", "q").Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
