using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>Which host user a daemon's qubes run as, and the command line that starts them as that user.</summary>
public sealed class QubeUserChoiceTests
{
    private static readonly QubeUser System = new(999, 995, QubeUser.SystemUserName);

    [Fact]
    public void ANormalUsersDaemonRunsItsQubesAsItself() =>
        Assert.Equal((1000, 1000), Pick(false, "1234", "1234") is var u ? (u.Uid, u.Gid) : default);

    [Fact]
    public void ARootDaemonStartedWithSudoRunsThemAsTheUserWhoRanSudo() =>
        Assert.Equal((1234, 1300), Pick(true, "1234", "1300") is var u ? (u.Uid, u.Gid) : default);

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", "0")] // root ran sudo: never root
    [InlineData("1234", null)]
    [InlineData("1234", "0")]
    [InlineData("-5", "100")]
    [InlineData(" 1234", "100")]
    [InlineData("12x", "100")]
    public void ARootDaemonWithoutAUsableSudoUserRunsThemAsTheSystemUser(string? sudoUid, string? sudoGid) =>
        Assert.Same(System, Pick(true, sudoUid, sudoGid));

    [Fact]
    public void ARootDaemonStartsTheQubeThroughAStagingBwrapAndSetprivAndTheQubesBwrapSeesOnlyTheStage()
    {
        Assert.True(QubeUser.DaemonIsRoot, "run as root (CI does): this is the root daemon's command line");
        var spec = new SandboxSpec("work", "/root/.run/guivirt/work.sock", "/root/.local/share/guivirt/qubes/work/home", 800, 600);
        IReadOnlyList<string> command = SandboxCommand.For(spec, System, ["/bin/sh", "-c", "join", "--"], "/root/src/agent", "/root/.dotnet", new SandboxDescriptors(5, 6, 7));

        Assert.Equal(["/bin/sh", "-c", "join", "--"], command.Take(4));
        Assert.EndsWith("/env", command[4], StringComparison.Ordinal); // the launcher's variables stop here
        Assert.Equal("-i", command[5]);
        Assert.EndsWith("/bwrap", command[6], StringComparison.Ordinal);
        int setpriv = command.ToList().FindIndex(word => word.EndsWith("/setpriv", StringComparison.Ordinal));
        string[] outer = [.. command.Take(setpriv)], inner = [.. command.Skip(setpriv)];
        Assert.Equal(["--reuid", "999", "--regid", "995", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"], inner[1..10]);
        Assert.EndsWith("/env", inner[10], StringComparison.Ordinal); // the staging bwrap's PWD stops here
        Assert.Equal("-i", inner[11]);
        Assert.EndsWith("/bwrap", inner[12], StringComparison.Ordinal);

        // The staging bwrap binds the daemon's paths under the stage, on a tmpfs over /run...
        Assert.Contains("--dev-bind / / --tmpfs /run --perms 0755 --dir /run/guivirt-stage", string.Join(' ', outer), StringComparison.Ordinal);
        Assert.Contains($"--bind {spec.HomeDirectory} /run/guivirt-stage/home", string.Join(' ', outer), StringComparison.Ordinal);
        Assert.Contains($"--bind {spec.AgentSocketPath} /run/guivirt-stage/agent.sock", string.Join(' ', outer), StringComparison.Ordinal);
        Assert.Contains("--ro-bind /root/src/agent /run/guivirt-stage/agent", string.Join(' ', outer), StringComparison.Ordinal);
        Assert.Contains("--ro-bind /root/.dotnet /run/guivirt-stage/dotnet", string.Join(' ', outer), StringComparison.Ordinal);
        Assert.Equal("--chdir / --die-with-parent --", string.Join(' ', outer[^4..]));

        // ...and the qube's bwrap, run as the qube's user, takes them from there only.
        string qube = string.Join(' ', inner);
        Assert.Contains("--bind /run/guivirt-stage/home /home/user", qube, StringComparison.Ordinal);
        Assert.Contains("--bind /run/guivirt-stage/agent.sock /run/guivirt/agent.sock", qube, StringComparison.Ordinal);
        Assert.Contains("--ro-bind /run/guivirt-stage/agent /opt/guivirt", qube, StringComparison.Ordinal);
        Assert.Contains("--ro-bind /run/guivirt-stage/dotnet /root/.dotnet", qube, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/.local", qube, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/src", qube, StringComparison.Ordinal);

        // The sized tmpfs mounts and the read-only /dev; no deny-list over /etc.
        Assert.Contains("--dev /dev --size 536870912 --tmpfs /dev/shm --remount-ro /dev --size 536870912 --tmpfs /tmp --size 16777216 --tmpfs /run", qube, StringComparison.Ordinal);
        // The host's /etc with the qube's own user database over it, from descriptors 6 and 7.
        Assert.Contains("--ro-bind /etc /etc --ro-bind-data 6 /etc/passwd --ro-bind-data 7 /etc/group --proc", qube, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow", qube, StringComparison.Ordinal);
        Assert.Contains("--seccomp 5", qube, StringComparison.Ordinal); // the filter applies to the qube, not to the stage
        Assert.DoesNotContain("--seccomp", string.Join(' ', outer), StringComparison.Ordinal);
    }

    [Fact]
    public void ADisposableQubesHomeIsATmpfsOfItsOwnAndNoHostFolderIsBoundOrStaged()
    {
        Assert.True(QubeUser.DaemonIsRoot, "run as root (CI does): this is the root daemon's command line");
        var spec = new SandboxSpec("disp1", "/root/.run/guivirt/disp1.sock", null, 800, 600);
        IReadOnlyList<string> command = SandboxCommand.For(spec, System, [], "/root/src/agent", "/root/.dotnet", new SandboxDescriptors(5, 6, 7));
        string line = string.Join(' ', command);

        Assert.Contains("--perms 0700 --size 536870912 --tmpfs /home/user", line, StringComparison.Ordinal);
        Assert.DoesNotContain("/run/guivirt-stage/home", line, StringComparison.Ordinal);
        Assert.DoesNotContain("/root/.local", line, StringComparison.Ordinal);
    }

    private static QubeUser Pick(bool root, string? sudoUid, string? sudoGid) =>
        QubeUser.Choose(root, 1000, 1000, sudoUid, sudoGid, () => System);
}
