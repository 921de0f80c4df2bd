using System.Diagnostics;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// The daemon as a service: SIGINT (Ctrl+C), SIGTERM and SIGHUP end it cleanly in every state it
/// can be in: no qube, a qube connected with a window on the host, and a qube whose sandbox is still
/// starting. Clean means exit code 0, no stack trace, its windows gone from the host, the qubes'
/// processes gone, and its sockets and lock file removed.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonSignalTests
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var cases = new TheoryData<int, string>();
            foreach (int signal in (int[])[Tmds.Linux.LibC.SIGINT, Tmds.Linux.LibC.SIGTERM, Tmds.Linux.LibC.SIGHUP])
            {
                foreach (string state in (string[])["idle", "connected", "starting"])
                {
                    cases.Add(signal, state);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheDaemonStopsCleanlyOnASignal(int signal, string state)
    {
        using var rig = new ServiceRig();
        using var screen = new HostScreen(rig.Host.Display);
        Process? starting = null;
        switch (state)
        {
            case "connected":
                rig.StartQubeWithAWindow("q");
                Assert.True(screen.HasWindow("[q] xclock"));
                break;
            case "starting":
                starting = rig.StartCli("run", "q", "--label", "blue", "--", "xclock");
                // The sandbox is on its way once bwrap runs under the daemon; the init says ready about a
                // second later (Xvfb, then the agent), so the signal lands in the middle of the start.
                rig.WaitUntil(() => ProcessTree.Descendants(rig.Daemon.ProcessId).Any(IsBubblewrap), 30, "bwrap never started");
                break;
        }

        IReadOnlyList<int> qubeProcesses = ProcessTree.Descendants(rig.Daemon.ProcessId);
        Assert.Equal(state != "idle", qubeProcesses.Any(IsBubblewrap));
        Assert.True(File.Exists(Path.Combine(rig.Sockets, "control.sock"))); // (the lock file: SingleDaemonTests)
        var clock = Stopwatch.StartNew();

        Assert.True(rig.Daemon.Signal(signal));

        int? exit = rig.Daemon.WaitForExit(TimeSpan.FromSeconds(30));
        string log = rig.Daemon.Log;
        Assert.True(exit == 0, $"exit code {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none within 30 s"}\n{log}");
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal); // no stack trace
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:F1} s to stop");
        Assert.Empty(Directory.GetFileSystemEntries(rig.Sockets)); // sockets and lock file removed
        Assert.DoesNotContain(qubeProcesses, ProcessTree.IsAlive);
        Assert.False(screen.HasWindow("[q] xclock"));
        if (starting is not null)
        {
            // It really was cut short: never ready, and `guivirt run` was told why.
            Assert.True(starting.WaitForExit(30_000));
            Assert.Equal(1, starting.ExitCode);
            Assert.Contains("the daemon is stopping", starting.StandardError.ReadToEnd(), StringComparison.Ordinal);
            Assert.DoesNotContain("qube q started", log, StringComparison.Ordinal);
        }

        Assert.Contains($"{(signal == Tmds.Linux.LibC.SIGINT ? "SIGINT" : signal == Tmds.Linux.LibC.SIGTERM ? "SIGTERM" : "SIGHUP")}: stopping", log, StringComparison.Ordinal);
    }

    private static bool IsBubblewrap(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/comm").Trim() == "bwrap";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
