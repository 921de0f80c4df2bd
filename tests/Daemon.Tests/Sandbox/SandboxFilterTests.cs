using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Interop;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The system-call filter from inside a real qube: syscall-probe.c tries every refused call (and
/// allowed ones as a control) in a qube started by QubeSandbox, and in the same sandbox without the
/// filter (<see cref="UnfilteredSandbox"/>). A refused call must give the filter's errno in the qube,
/// and something else without the filter, unless the kernel's own check refuses it too.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class SandboxFilterTests(ProbedQube probed) : IClassFixture<ProbedQube>
{
    public static TheoryData<string> RefusedCases => [.. ProbeCase.Refused.Select(c => c.Name)];

    public static TheoryData<string> AllowedCases => [.. ProbeCase.Allowed.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void TheCallIsRefusedInAQubeByTheFilter(string name)
    {
        ProbeCase probe = ProbeCase.Refused.Single(c => c.Name == name);
        if (!ExistsHere(probe))
        {
            return; // a call of another architecture (iopl on AArch64): the probe does not try it
        }

        string inQube = probed.InQube.GetValueOrDefault(name, "missing");
        string unfiltered = probed.Unfiltered.GetValueOrDefault(name, "missing");
        Assert.True(probe.Accepts(inQube), $"{name}: {inQube} in the qube, expected {probe.InQube} (without the filter: {unfiltered})");
        if (!probe.KernelMayRefuse)
        {
            // The positive control: without the filter, the same call in the same sandbox does
            // something else, so the refusal above is the filter's.
            Assert.False(probe.Accepts(unfiltered), $"{name}: {unfiltered} without the filter too: this case cannot tell the filter is there");
        }
    }

    [Theory]
    [MemberData(nameof(AllowedCases))]
    public void AnOrdinaryCallStillWorksInAQube(string name)
    {
        ProbeCase probe = ProbeCase.Allowed.Single(c => c.Name == name);
        Assert.Equal((name, probe.InQube), (name, probed.InQube.GetValueOrDefault(name, "missing")));
        Assert.Equal((name, probe.InQube), (name, probed.Unfiltered.GetValueOrDefault(name, "missing")));
    }

    [Fact]
    public void TheProbeTriesNoCaseTheTestsDoNotKnow()
    {
        string[] known = [.. ProbeCase.All.Select(c => c.Name)];
        Assert.Empty(probed.InQube.Keys.Except(known));
        Assert.Empty(probed.Unfiltered.Keys.Except(known));
    }

    [Fact]
    public void EveryProcessInTheQubeRunsUnderTheFilter()
    {
        // /proc/PID/status of every process in the qube, its pid 1 (bwrap) and Xvfb and agent included.
        string result = probed.Rig.RunForResult(probed.Qube, "a", "seccomp-status", """
            for status in /proc/[0-9]*/status; do
                name=$(sed -n 's/^Name:\t//p' "$status")
                mode=$(sed -n 's/^Seccomp:\t//p' "$status")
                [ -n "$mode" ] && printf '%s %s\n' "$name" "$mode"
            done
            printf 'descriptors %s\n' "$(ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -c 'memfd:guivirt-')"
            """);
        string[] lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("descriptors 0", lines[^1]); // bwrap closed the filter's and the user database's memfds before anything of the qube ran
        lines = lines[..^1];
        Assert.Contains(lines, line => line.StartsWith("bwrap ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Xvfb ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("dotnet ", StringComparison.Ordinal)); // the agent
        Assert.All(lines, line => Assert.EndsWith(" 2", line)); // SECCOMP_MODE_FILTER
    }

    [Fact]
    public void TheHomeIsMountedNosuidAndNodevAndTheQubeRunsWithNoNewPrivileges()
    {
        // bubblewrap binds every --bind with MS_NOSUID|MS_NODEV (bind-mount.c) and sets no_new_privs:
        // a set-id file or a device node in the home has no effect inside.
        string result = probed.Rig.RunForResult(probed.Qube, "a", "home-mount", """
            awk '$5 == "/home/user" { print $6 }' /proc/self/mountinfo
            sed -n 's/^NoNewPrivs:\t//p' /proc/self/status
            """);
        string[] lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("nosuid", lines[0].Split(','));
        Assert.Contains("nodev", lines[0].Split(','));
        Assert.Equal("1", lines[1]);
    }

    [Fact]
    public void NoSetIdFileTheQubeTriedToMakeIsOnTheHost()
    {
        // The control: without the filter, the probe's set-id cases leave set-id files in the home,
        // a host folder (as host root when the daemon is root).
        string home = probed.Rig.HomeOf("a");
        Assert.NotEmpty(SetIdFiles(Path.Combine(home, "probe-scratch-unfiltered")));
        Assert.Empty(SetIdFiles(Path.Combine(home, "probe-scratch")));
        Assert.True(Directory.Exists(Path.Combine(home, "probe-scratch", "shared-dir"))); // the probe did run there
    }

    [Fact]
    public void AnXtermRunsInAFilteredQubeAndShowsOnTheHost()
    {
        // xterm: a pty, a controlling terminal, TCGETS/TIOCSWINSZ, utmp: what TIOCSTI's rule must not break.
        probed.Qube.Run(["xterm", "-T", "filtered-xterm", "-e", "sh", "-c", "tty > /home/user/xterm-tty; sleep 600"]);
        using var screen = new TestSupport.HostScreen(probed.Rig.Host.Display);
        screen.WaitForWindow("[a] filtered-xterm", seconds: 40);
        Assert.StartsWith("/dev/pts/", QubeRig.WaitForFile(Path.Combine(probed.Rig.HomeOf("a"), "xterm-tty")), StringComparison.Ordinal);
    }

    private static string[] SetIdFiles(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Where(path => File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0)];

    private static bool ExistsHere(ProbeCase probe) => probe.Syscall switch
    {
        "(x32)" or "(i386)" => RuntimeInformation.ProcessArchitecture == Architecture.X64,
        _ => Libseccomp.seccomp_syscall_resolve_name(probe.Syscall) >= 0,
    };
}
