using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Service;

/// <summary>One daemon per runtime directory: a lock file held for the daemon's life.</summary>
[Collection(XServerCollection.Name)]
public sealed class SingleDaemonTests
{
    [Fact]
    public void ASecondDaemonSaysWhichProcessHoldsTheDirectoryAndLeavesTheFirstAlone()
    {
        using var rig = new ServiceRig();
        Assert.Equal(0, rig.Cli("ls").ExitCode);
        string control = Path.Combine(rig.Sockets, "control.sock");
        DateTime bound = File.GetLastWriteTimeUtc(control);

        using DaemonProcess second = rig.StartDaemon();
        int? exit = second.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Contains($"guivirt: another daemon (pid {rig.Daemon.ProcessId}) already runs on {rig.Sockets}", second.Log, StringComparison.Ordinal);
        Assert.False(rig.Daemon.HasExited);
        Assert.Equal(bound, File.GetLastWriteTimeUtc(control)); // not deleted and bound again
        (int code, string output, string errors) = rig.Cli("ls"); // the first still answers on its socket
        Assert.True(code == 0, errors);
        Assert.StartsWith("QUBE", output, StringComparison.Ordinal);
        Assert.Equal($"{rig.Daemon.ProcessId}\n", ServiceRig.ReadWithoutLocking(Path.Combine(rig.Sockets, "daemon.lock")));
    }

    [Fact]
    public void AfterACrashTheLockIsFreeForTheNextDaemon()
    {
        using var rig = new ServiceRig();
        Assert.True(rig.Daemon.Signal(Tmds.Linux.LibC.SIGKILL)); // no cleanup at all: the lock file stays
        Assert.Equal(128 + Tmds.Linux.LibC.SIGKILL, rig.Daemon.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(File.Exists(Path.Combine(rig.Sockets, "daemon.lock")));

        using DaemonProcess next = rig.StartDaemon();
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (GuivirtCli.Run(rig.Sockets, "ls").ExitCode != 0) // the dead daemon's socket is there until the next one binds its own
        {
            Assert.True(DateTime.UtcNow < deadline && !next.HasExited, $"the next daemon never answered:\n{next.Log}");
            Thread.Sleep(100);
        }

        Assert.Equal($"{next.ProcessId}\n", ServiceRig.ReadWithoutLocking(Path.Combine(rig.Sockets, "daemon.lock")));
    }
}
