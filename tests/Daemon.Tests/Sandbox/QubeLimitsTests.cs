using System.Diagnostics;
using System.Globalization;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;
using GuiVirt.TestSupport;
using GuiVirt.X11;
using Xunit.Abstractions;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The limits of the configuration reach the kernel: qube "b" runs with memory_mib = 256,
/// pids = 128 and tmp_mib = 16 from [limits]; qube "a" has larger ones of its own. A fork bomb, a
/// memory hog and a tmpfs filler in b are stopped inside b, while a keeps drawing on the host
/// and the host keeps starting processes.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class QubeLimitsTests : IDisposable
{
    private const string Config = """
        [limits]
        memory_mib = 256
        pids = 128
        tmp_mib = 16
        cpu_weight = 50

        [[qube]]
        name = "a"
        label = "blue"
        memory_mib = 1024
        pids = 512
        tmp_mib = 64

        [[qube]]
        name = "b"
        label = "red"
        """;

    private static readonly TimeSpan HostDeadline = TimeSpan.FromSeconds(10);

    private readonly DaemonRig _rig = new(Config);
    private readonly ITestOutputHelper _output;

    public QubeLimitsTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AForkBombStopsAtItsQubesTaskLimitWhileTheOtherQubeAndTheHostGoOn()
    {
        using var screen = new HostScreen(_rig.Host.Display);
        XRect clock = StartClockIn("a", screen);
        string bomb = QubeTools.CopyInto(_rig.HomeOf("b"), QubeTools.ForkBomb);
        _rig.Run("b", bomb, "/home/user/bomb", "2000");

        // fork failed with EAGAIN (11) below the 128 tasks (the init, Xvfb and the agent's threads take some).
        string[] result = _rig.WaitForResult("b", "bomb").Split(' ', StringSplitOptions.TrimEntries);
        int forked = int.Parse(result[1], CultureInfo.InvariantCulture);
        Assert.True(result[0] == "forked" && result[3] == "11" && forked is > 32 and < 128, $"fork bomb: {string.Join(' ', result)}");

        // From the host: b's cgroup holds 128 tasks at most, and the bomb's children are still there.
        CgroupHierarchy pids = _rig.LimitFoldersOf("b").Single(h => h.Has("pids"));
        Assert.Equal("128", File.ReadAllText(Path.Combine(pids.OwnDirectory, "pids.max")).Trim());
        int current = int.Parse(File.ReadAllText(Path.Combine(pids.OwnDirectory, "pids.current")), CultureInfo.InvariantCulture);
        Assert.InRange(current, forked, 128);
        _output.WriteLine($"fork bomb in b: {forked} forks, then EAGAIN; pids.current {current} of 128");

        AssertTheHostAndTheOtherQubeGoOn(screen, clock);

        // a's own, larger limit: 200 processes fork there while b is full.
        string bombOfA = QubeTools.CopyInto(_rig.HomeOf("a"), QubeTools.ForkBomb);
        _rig.Run("a", bombOfA, "/home/user/two-hundred", "200");
        Assert.Equal("forked 200 errno 0\n", _rig.WaitForResult("a", "two-hundred"));

        // Stopping b removes its cgroup.
        string folder = pids.OwnDirectory;
        Assert.Equal(0, GuivirtCli.Run(_rig.Sockets, "stop", "b").ExitCode);
        Assert.False(Directory.Exists(folder), $"{folder} is still there after the qube stopped");
    }

    [Fact]
    public void AMemoryHogIsKilledInsideItsQubeAtTheMemoryLimitAndTheQubeGoesOn()
    {
        using var screen = new HostScreen(_rig.Host.Display);
        XRect clock = StartClockIn("a", screen);
        string hog = QubeTools.CopyInto(_rig.HomeOf("b"), QubeTools.Hog);
        _rig.Run("b", "sh", "-c", $"{hog} /home/user/hog 2048; echo \"exit $?\" > /home/user/.hog-exit.part; mv /home/user/.hog-exit.part /home/user/hog-exit");

        // SIGKILL from the OOM killer (128 + 9) before 256 MiB, after well over 64.
        Assert.Equal("exit 137\n", _rig.WaitForResult("b", "hog-exit"));
        string reached = File.ReadAllText(Path.Combine(_rig.HomeOf("b"), "hog")).Trim();
        Assert.True(int.TryParse(reached, CultureInfo.InvariantCulture, out int mib) && mib is >= 64 and < 256, $"the hog reached {reached} MiB");

        // The kernel's own account: b's cgroup has the limit and an OOM kill.
        CgroupHierarchy memory = _rig.LimitFoldersOf("b").Single(h => h.Has("memory"));
        (string limitFile, string eventsFile) = memory.IsV2 ? ("memory.max", "memory.events") : ("memory.limit_in_bytes", "memory.oom_control");
        Assert.Equal($"{256 << 20}", File.ReadAllText(Path.Combine(memory.OwnDirectory, limitFile)).Trim());
        // v2's memory.events counts the subtree; v1 counts a kill in the cgroup of its victim, the leaf.
        string victims = memory.IsV2 ? memory.OwnDirectory : Path.Combine(memory.OwnDirectory, QubeCgroup.Leaf);
        string kills = File.ReadAllLines(Path.Combine(victims, eventsFile)).Single(line => line.StartsWith("oom_kill ", StringComparison.Ordinal));
        Assert.NotEqual("oom_kill 0", kills);
        _output.WriteLine($"memory hog in b: killed after {mib} MiB of 256 ({kills})");

        // Only the hog died: b still runs commands, a still draws, the host still starts processes.
        _rig.Run("b", "sh", "-c", "echo alive > /home/user/.alive.part; mv /home/user/.alive.part /home/user/alive");
        Assert.Equal("alive\n", _rig.WaitForResult("b", "alive"));
        AssertTheHostAndTheOtherQubeGoOn(screen, clock);
    }

    [Fact]
    public void WritingBeyondTmpMibFailsWithNoSpaceAndDevIsReadOnly()
    {
        const string Fill = """
            out=/home/user/.fill.part
            {
                for place in /tmp /dev/shm; do
                    dd if=/dev/zero of=$place/fill bs=1M count="$1" 2>/dev/null; echo "$place exit $?"
                    wc -c < $place/fill
                done
                touch /dev/planted 2>/dev/null; echo "/dev exit $?"
            } > $out
            mv $out /home/user/fill
            """;
        _rig.Run("b", "sh", "-c", Fill, "sh", "64");
        string[] b = _rig.WaitForResult("b", "fill").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/tmp exit 1", b[0]); // ENOSPC
        Assert.InRange(long.Parse(b[1], CultureInfo.InvariantCulture), 15L << 20, 16L << 20); // the init's logs and X socket take a few pages
        Assert.Equal("/dev/shm exit 1", b[2]);
        Assert.InRange(long.Parse(b[3], CultureInfo.InvariantCulture), 15L << 20, 16L << 20);
        Assert.Equal("/dev exit 1", b[4]);

        // The positive: 32 MiB fit in a's 64 MiB /tmp and /dev/shm.
        _rig.Run("a", "sh", "-c", Fill, "sh", "32");
        Assert.Equal(["/tmp exit 0", $"{32 << 20}", "/dev/shm exit 0", $"{32 << 20}", "/dev exit 1"], _rig.WaitForResult("a", "fill").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void LsShowsEachQubesLimitsAsTheKernelHasThemAndTheLogSaysHowOnce()
    {
        Assert.Contains("memory 256 MiB, 128 tasks, cpu weight 50 (cgroup v", _rig.List(), StringComparison.Ordinal); // before it runs: what it would get
        _rig.Run("b", "true");
        _rig.Run("a", "true");
        string[] lines = _rig.List().Split('\n');
        string b = lines.Single(line => line.StartsWith("b ", StringComparison.Ordinal));
        string a = lines.Single(line => line.StartsWith("a ", StringComparison.Ordinal));
        Assert.Matches(@"running\s+0\s+persistent\s+none\s+memory 256 MiB, 128 tasks, cpu weight 50 \(cgroup v[12]\), /tmp 16 MiB$", b);
        Assert.Matches(@"running\s+0\s+persistent\s+none\s+memory 1024 MiB, 512 tasks, cpu weight 50 \(cgroup v[12]\), /tmp 64 MiB$", a);

        // The CPU weight is the kernel's too (cpu.shares on v1: 50 of 100 is 512 of 1024).
        CgroupHierarchy cpu = _rig.LimitFoldersOf("b").Single(h => h.Has("cpu") || h.IsV2);
        Assert.Equal(cpu.IsV2 ? "50" : "512", File.ReadAllText(Path.Combine(cpu.OwnDirectory, cpu.IsV2 ? "cpu.weight" : "cpu.shares")).Trim());
        Assert.Single(_rig.Daemon.Log.Split('\n'), line => line.Contains("qube limits: ", StringComparison.Ordinal));
    }

    /// <summary>xclock in <paramref name="qube"/>, updating every second; its window's place on the host.</summary>
    private XRect StartClockIn(string qube, HostScreen screen)
    {
        _rig.Run(qube, "xclock", "-update", "1");
        try
        {
            return screen.WaitForWindow($"[{qube}] xclock", seconds: 40).Bounds;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ndaemon log:\n{_rig.Daemon.Log}", e);
        }
    }

    /// <summary>The host starts a process at once, and the clock in the other qube still moves on the host screen.</summary>
    private void AssertTheHostAndTheOtherQubeGoOn(HostScreen screen, XRect clock)
    {
        var watch = Stopwatch.StartNew();
        using (Process process = Process.Start("true"))
        {
            Assert.True(process.WaitForExit(HostDeadline) && process.ExitCode == 0, "the host could not start a process");
        }

        Assert.True(watch.Elapsed < HostDeadline, $"starting a host process took {watch.Elapsed}");
        _output.WriteLine($"a host process started and ended in {watch.Elapsed.TotalMilliseconds:F0} ms");
        watch.Restart();
        uint[] before = screen.Screenshot(clock);
        DateTime deadline = DateTime.UtcNow + HostDeadline;
        while (screen.Screenshot(clock).SequenceEqual(before))
        {
            Assert.True(DateTime.UtcNow < deadline, "the other qube's clock stopped on the host screen");
            Thread.Sleep(100);
        }

        _output.WriteLine($"the other qube's clock changed on the host screen after {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
