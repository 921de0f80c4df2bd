using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The daemon run by a normal user (here the system user "guivirt-test", made for the test, with
/// setpriv) on a host display it can reach: its qubes start and show their windows, and run as
/// that user. With no cgroup that user may write and no systemd to delegate one (as on CI and
/// this kind of machine), the qubes' memory, tasks and CPU cannot be limited: the daemon says so
/// once in its log, `guivirt ls` says so for every qube, and the tmpfs sizes still hold.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class UnprivilegedDaemonTests
{
    private const string TestUser = "guivirt-test";

    [Fact]
    public void ANormalUsersDaemonRunsQubesAsThatUserAndSaysPlainlyThatTheyAreNotLimited()
    {
        Assert.True(QubeUser.DaemonIsRoot, "the test makes a user and runs the daemon as it: run it as root (CI does)");
        (int uid, int gid) = EnsureUser();
        using var rig = new DaemonRig("""
            [limits]
            tmp_mib = 16

            [[qube]]
            name = "q"
            label = "green"
            """, runAs: (uid, gid));

        rig.Run("q", "xclock");
        using (var screen = new HostScreen(rig.Host.Display))
        {
            try
            {
                screen.WaitForWindow("[q] xclock", seconds: 40);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\ndaemon log:\n{rig.Daemon.Log}", e);
            }
        }

        // The daemon and every process of the qube run as the user; the home is the user's.
        Assert.Equal([uid, uid, uid, uid], HostFiles.Uids(rig.Daemon.ProcessId) ?? []);
        int sandbox = rig.SandboxProcess("q");
        int[] qube = [sandbox, .. ProcessTree.Descendants(sandbox)];
        Assert.Contains("xclock", qube.Select(HostFiles.Name));
        Assert.All(qube, pid => Assert.True(HostFiles.Uids(pid) is not { } uids || uids.All(u => u == uid), $"{HostFiles.Name(pid)} ({pid}) runs as {HostFiles.Status(pid, "Uid:")}"));
        Assert.Equal(uid, HostFiles.Owner(rig.HomeOf("q")).Uid);

        // Said once in the log, and by ls for the running qube, with the tmpfs size that does hold.
        string[] said = [.. rig.Daemon.Log.Split('\n').Where(line => line.Contains("qube limits: ", StringComparison.Ordinal))];
        string line = Assert.Single(said);
        Assert.Contains("qube limits: the memory, tasks and CPU of qubes are NOT limited (", line, StringComparison.Ordinal);
        Assert.Contains("not writable by this user", line, StringComparison.Ordinal);
        // Scheduling degrades the same way, and says so (issue 17).
        Assert.Contains("scheduling: no writable cgroup: each qube's commands share the qube's CPU with its X server and agent as equals (a busy app can slow its own windows); the daemon's CPU weight is not raised", rig.Daemon.Log, StringComparison.Ordinal);
        string ls = rig.List().Split('\n').Single(l => l.StartsWith("q ", StringComparison.Ordinal));
        Assert.EndsWith("memory, tasks, cpu weight NOT limited (no cgroup for qubes here: see the daemon's log), /tmp 16 MiB", ls, StringComparison.Ordinal);

        rig.Run("q", "sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>/dev/null; echo \"exit $?\" > /home/user/.fill.part; mv /home/user/.fill.part /home/user/fill");
        Assert.Equal("exit 1\n", rig.WaitForResult("q", "fill")); // ENOSPC at 16 MiB
    }

    /// <summary>The test's own unprivileged system user, made once per machine.</summary>
    internal static (int Uid, int Gid) EnsureUser()
    {
        string getent = HostPrograms.Find("getent")!;
        (int code, string entry) = QubeUser.RunTool(getent, "passwd", TestUser);
        if (code != 0)
        {
            (int made, string output) = QubeUser.RunTool(HostPrograms.Find("useradd")!, "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", TestUser);
            (code, entry) = QubeUser.RunTool(getent, "passwd", TestUser);
            Assert.True(code == 0, $"cannot make the user {TestUser} (useradd exit {made}: {output})");
        }

        string[] fields = entry.Trim().Split(':');
        return (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
