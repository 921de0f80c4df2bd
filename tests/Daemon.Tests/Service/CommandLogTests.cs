using System.Diagnostics;
using System.Text;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// `guivirt logs QUBE [-f]`: what the qube's commands print, kept by the daemon outside the qube,
/// bounded, and shown with every control sequence from the qube neutralized.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class CommandLogTests
{
    [Fact]
    public void TheLogShowsACommandsStdoutAndStderr()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--", "sh", "-c", "echo hello; echo err >&2").ExitCode);

        string shown = WaitForLog(rig, "q", "exited with status 0");
        Assert.Contains("\nhello\nerr\n", shown, StringComparison.Ordinal);
        Assert.Contains("[guivirt] ", shown, StringComparison.Ordinal);
        Assert.Contains("1: started: sh -c 'echo hello; echo err >&2'", shown, StringComparison.Ordinal);

        Assert.Equal(127, rig.Cli("run", "q", "--", "no-such-program").ExitCode);
        WaitForLog(rig, "q", "2: no-such-program: command not found");
        Assert.Equal(1, rig.Cli("logs", "nosuch").ExitCode); // a qube the daemon does not know
    }

    [Fact]
    public void ACommandsReportComesAfterItsLastLines()
    {
        // 1.09 MB of output, a little more than the daemon reads in a second: the command has exited
        // while its last lines still wait in the pipe; its report (the exit of `run --wait`, the
        // log's note) waits for them.
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--wait", "--", "true").ExitCode);
        Assert.Equal(0, rig.Cli("run", "q", "--wait", "--", "sh", "-c", "seq -f 'line %026.0f' 1 34000; echo last-line").ExitCode);

        string log = rig.Cli("logs", "q").Output;
        int last = log.IndexOf("\nlast-line\n", StringComparison.Ordinal), exited = log.IndexOf("2: sh exited with status 0", StringComparison.Ordinal);
        Assert.True(last >= 0, "the command's last line is in the log when run --wait returns");
        Assert.True(exited > last, "the exit note follows the command's last line");
    }

    [Fact]
    public void ControlSequencesFromTheQubeNeverReachTheTerminal()
    {
        using var rig = new ServiceRig();
        // A title change (OSC), a screen clear and colour (CSI), a bell, a carriage return that would
        // overwrite the line, the one-byte C1 CSI (U+009B), a right-to-left override (U+202E) and bytes
        // that are not UTF-8.
        const string Hostile = @"printf 'before\033]0;pwned\007\033[2J\033[31mred\r\nc1:\302\233J bidi:\342\200\256txt bad:\377\376\nafter\n'";
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--", "sh", "-c", Hostile).ExitCode);

        string shown = WaitForLog(rig, "q", "exited with status 0");
        Assert.Contains("before", shown, StringComparison.Ordinal); // the text itself arrived
        Assert.Contains("after", shown, StringComparison.Ordinal);
        Assert.Contains("\uFFFD]0;pwned\uFFFD\uFFFD[2J\uFFFD[31mred\n", shown, StringComparison.Ordinal); // neutralized, visibly
        foreach (char forbidden in "\u001b\u0007\r\u009b\u202e")
        {
            Assert.DoesNotContain(forbidden, shown);
        }

        byte[] onDisk = File.ReadAllBytes(rig.LogOf("q"));
        Assert.DoesNotContain((byte)0x1B, onDisk); // the daemon wrote it cleaned: `cat` or `tail -f` are safe too
        Assert.DoesNotContain((byte)0x0D, onDisk);
    }

    [Fact]
    public void TheLogStaysBoundedAndAFollowerSeesEverythingAcrossRotations()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("run", "q", "--label", "blue", "--", "true").ExitCode);
        Process follower = rig.StartCli("logs", "q", "-f");
        var followed = new StringBuilder();
        follower.OutputDataReceived += (_, e) =>
        {
            lock (followed)
            {
                followed.AppendLine(e.Data);
            }
        };
        follower.BeginOutputReadLine();
        string Followed()
        {
            lock (followed)
            {
                return followed.ToString();
            }
        }

        rig.WaitUntil(() => Followed().Contains("1: true exited with status 0", StringComparison.Ordinal), 30, "the follower never showed the log");

        // 3,200,000 bytes in 100,000 numbered lines: more than the two files (1 MiB each) hold.
        Assert.Equal(0, rig.Cli("run", "q", "--", "sh", "-c", "seq -f 'line %026.0f' 1 100000; echo end-of-flood").ExitCode);
        rig.WaitUntil(() => Followed().Contains("2: sh exited with status 0", StringComparison.Ordinal), 60, "the flood never ended in the follower's view");

        string log = rig.LogOf("q");
        Assert.InRange(new FileInfo(log).Length, 1, 1024 * 1024);
        Assert.InRange(new FileInfo(log + ".1").Length, 1024 * 1024 - 16 * 1024, 1024 * 1024);
        Assert.Equal([log, log + ".1"], Directory.GetFiles(Path.GetDirectoryName(log)!, "commands.log*").Order());
        string kept = rig.Cli("logs", "q").Output;
        Assert.DoesNotContain($"line {1:D26}\n", kept, StringComparison.Ordinal); // rotated away
        Assert.Contains($"line {100_000:D26}\nend-of-flood\n", kept, StringComparison.Ordinal);

        // The follower saw every line, through the rotations.
        string seen = Followed();
        Assert.Contains($"line {1:D26}\n", seen, StringComparison.Ordinal);
        Assert.Contains($"line {50_000:D26}\n", seen, StringComparison.Ordinal);
        Assert.Contains("end-of-flood\n", seen, StringComparison.Ordinal);
        Assert.Equal(100_000, seen.Split('\n').Count(l => l.StartsWith("line ", StringComparison.Ordinal)));

        Assert.Equal(0, Tmds.Linux.LibC.kill(follower.Id, Tmds.Linux.LibC.SIGINT)); // Ctrl+C ends it, cleanly
        Assert.True(follower.WaitForExit(10_000));
        Assert.Equal(0, follower.ExitCode);
    }

    /// <summary>`guivirt logs QUBE` until it shows <paramref name="text"/>; its output then.</summary>
    private static string WaitForLog(ServiceRig rig, string qube, string text)
    {
        string shown = "";
        rig.WaitUntil(() => (shown = rig.Cli("logs", qube).Output).Contains(text, StringComparison.Ordinal), 30, $"the log never showed '{text}': {shown}");
        return shown;
    }
}
