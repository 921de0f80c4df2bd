using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// A daemon run as root (as CI runs these tests) never runs a qube as host root: the qube's
/// processes have an unprivileged uid, root-only host files are closed to them by their modes
/// alone, and the qube owns its home and its socket and reaches no other.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class QubeUserTests : IDisposable
{
    private readonly QubeRig _rig = new();

    public QubeUserTests() => Assert.True(QubeUser.DaemonIsRoot, "these tests check what a root daemon does: run them as root (CI does)");

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void EveryProcessOfTheQubeRunsAsTheUnprivilegedQubeUserWithNoCapabilitiesOrGroups()
    {
        QubeSandbox a = _rig.Start("a");
        a.Run(["xclock"]);
        using (var screen = new HostScreen(_rig.Host.Display))
        {
            screen.WaitForWindow("[a] xclock", seconds: 40); // the app runs, so the whole qube is up
        }

        QubeUser user = QubeUser.Current;
        Assert.NotEqual(0, user.Uid);
        Assert.NotEqual(0, user.Gid);

        // The first process is the staging bwrap: root, but it only binds the qube's files and waits.
        Assert.Equal("bwrap", HostFiles.Name(a.ProcessId));
        Assert.Equal([0, 0, 0, 0], HostFiles.Uids(a.ProcessId) ?? []);

        IReadOnlyList<int> inside = ProcessTree.Descendants(a.ProcessId);
        string[] names = [.. inside.Select(HostFiles.Name).OfType<string>()];
        Assert.Contains("Xvfb", names);
        Assert.Contains("xclock", names);
        Assert.Contains("dotnet", names); // the agent
        foreach (int pid in inside)
        {
            if (HostFiles.Uids(pid) is not { } uids)
            {
                continue; // ended meanwhile
            }

            string what = $"{HostFiles.Name(pid)} ({pid})";
            Assert.True(uids.All(uid => uid == user.Uid), $"{what} has uids {string.Join(' ', uids)}, not {user.Uid}");
            Assert.True(HostFiles.Gids(pid)!.All(gid => gid == user.Gid), $"{what} has gids {HostFiles.Status(pid, "Gid:")}");
            Assert.Equal("", HostFiles.Status(pid, "Groups:"));
            Assert.Equal("0000000000000000", HostFiles.Status(pid, "CapEff:"));
            Assert.Equal("0000000000000000", HostFiles.Status(pid, "CapPrm:"));
        }
    }

    [Fact]
    public void RootOnlyFilesPlantedInEtcCannotBeReadInsideWhileAnOpenOneCan()
    {
        string name = $"guivirt-test-{Guid.NewGuid():N}";
        string open = $"/etc/{name}-open", secret = $"/etc/{name}-secret", closed = $"/etc/{name}-closed";
        try
        {
            File.WriteAllText(open, "anyone may read this\n");
            File.SetUnixFileMode(open, (UnixFileMode)0b110_100_100);
            File.WriteAllText(secret, "root only\n");
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.CreateDirectory(closed);
            File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(closed, "inside"), "in a root-only folder\n");

            QubeSandbox a = _rig.Start("a");
            string result = _rig.RunForResult(a, "a", "etc", """
                cat "$1"; echo "open $?"
                cat "$2" 2>&1; echo "secret $?"
                cat "$3/inside" 2>&1; echo "closed $?"
                cat /etc/shadow >/dev/null 2>&1; echo "shadow $?"
                """, open, secret, closed);

            // The positive first: /etc is there and a readable file is read; then the modes hold.
            Assert.Equal(
                $"anyone may read this\nopen 0\ncat: {secret}: Permission denied\nsecret 1\ncat: {closed}/inside: Permission denied\nclosed 1\nshadow 1\n",
                result);
        }
        finally
        {
            File.Delete(open);
            File.Delete(secret);
            if (Directory.Exists(closed))
            {
                Directory.Delete(closed, recursive: true);
            }
        }
    }

    [Fact]
    public void TheQubeUserOwnsTheHomeAndTheSocketWhileTheDaemonsFoldersStayClosed()
    {
        string home = _rig.HomeOf("a");
        File.WriteAllText(Path.Combine(home, "left-by-root"), "written before the qube started\n"); // as by an earlier version
        QubeSandbox a = _rig.Start("a");
        QubeUser user = QubeUser.Current;
        Assert.NotEqual(0, user.Uid);

        Assert.Equal((user.Uid, user.Gid, 0b111_000_000), HostFiles.Owner(home));
        (int leftUid, int leftGid, _) = HostFiles.Owner(Path.Combine(home, "left-by-root"));
        Assert.Equal((user.Uid, user.Gid), (leftUid, leftGid));
        Assert.Equal((user.Uid, user.Gid, 0b110_000_000), HostFiles.Owner(_rig.Daemon.SocketOf("a")));
        // Everything else stays the daemon's: the other qube's socket, the socket folder, the
        // folder above the home.
        Assert.Equal((0, 0b110_000_000), (HostFiles.Owner(_rig.Daemon.SocketOf("b")).Uid, HostFiles.Owner(_rig.Daemon.SocketOf("b")).Mode));
        Assert.Equal((0, 0b111_000_000), (HostFiles.Owner(_rig.Daemon.SocketDirectory).Uid, HostFiles.Owner(_rig.Daemon.SocketDirectory).Mode));
        Assert.Equal(0, HostFiles.Owner(Path.GetDirectoryName(home)!).Uid);

        // The qube writes its home as its own user.
        Assert.Equal("written\n", _rig.RunForResult(a, "a", "mine", "echo written; echo more >> /home/user/left-by-root"));
        Assert.Equal(user.Uid, HostFiles.Owner(Path.Combine(home, "mine")).Uid);
        Assert.EndsWith("more\n", File.ReadAllText(Path.Combine(home, "left-by-root")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheQubeConnectsToItsOwnSocketButItsUserOnTheHostReachesNoDaemonSocket()
    {
        QubeSandbox a = _rig.Start("a");
        string connect = QubeTools.CopyInto(_rig.HomeOf("a"), QubeTools.Connect);
        File.Delete(Path.Combine(_rig.HomeOf("a"), "own"));
        a.Run([connect, "/run/guivirt/agent.sock", "/home/user/own"]);
        Assert.Equal("connected\n", QubeRig.WaitForFile(Path.Combine(_rig.HomeOf("a"), "own")));

        // The same user outside the sandbox: the daemon's socket folder is closed to it, so not
        // even the qube's own socket, nor another qube's, nor the control socket can be reached.
        QubeUser user = QubeUser.Current;
        string results = Directory.CreateTempSubdirectory("guivirt-connect-").FullName;
        try
        {
            HostFiles.Chown(results, user.Uid, user.Gid);
            string control = Path.Combine(_rig.Daemon.SocketDirectory, "control.sock");
            foreach ((string socket, string name) in (IEnumerable<(string, string)>)[(_rig.Daemon.SocketOf("a"), "a"), (_rig.Daemon.SocketOf("b"), "b"), (control, "control")])
            {
                string result = Path.Combine(results, name);
                (int code, string output) = QubeUser.RunTool(
                    HostPrograms.Setpriv(), "--reuid", $"{user.Uid}", "--regid", $"{user.Gid}", "--clear-groups", "--", QubeTools.PathOf(QubeTools.Connect), socket, result);
                Assert.True(code == 0, output);
                Assert.Equal("errno 13\n", File.ReadAllText(result)); // EACCES
            }
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }
}
