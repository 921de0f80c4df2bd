using System.Diagnostics;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;

namespace GuiVirt.Daemon.Tests.Sandbox.Cgroups;

/// <summary>
/// The cgroup v2 path on this machine's real kernel, as far as it can run here: on a host that
/// keeps the memory, pids and cpu controllers on cgroup v1 (as CI's does), the unified hierarchy
/// has none, so these tests check what v2 does without them: the qube's cgroup is made, every
/// process of the qube is in it from the start, cgroup.kill ends what is left, and it is removed.
/// The limits on v2 files (memory.max, pids.max, cpu.weight) are checked only on described hosts
/// (<see cref="CgroupDetectionTests"/>); the limits themselves are enforced here through v1
/// (<see cref="QubeLimitsTests"/>).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class CgroupKernelTests
{
    private static readonly string[] Wanted = ["memory", "pids", "cpu"];

    [Fact]
    public void AProcessStartedThroughTheJoinIsInItsV2CgroupAndIsKilledAndRemovedWithIt()
    {
        CgroupV2Tree tree = UnifiedHierarchy(out string own);
        QubeCgroup cgroup = tree.Create("kernel-test", ResourceLimits.Default);
        string leaf = Assert.Single(cgroup.Leaves);
        var start = new ProcessStartInfo(cgroup.LaunchPrefix[0]) { UseShellExecute = false };
        foreach (string word in cgroup.LaunchPrefix.Skip(1).Concat(["sleep", "60"]))
        {
            start.ArgumentList.Add(word);
        }

        using Process sleep = Process.Start(start)!;
        WaitUntil(() => CgroupFiles.Processes(leaf).Contains(sleep.Id), "the process to be in its cgroup");
        Assert.Equal(Path.GetRelativePath(own, leaf), V2PathOf(sleep.Id)[1..]);
        Assert.Equal("sleep", File.ReadAllText($"/proc/{sleep.Id}/comm").Trim()); // the shell exec'd it in the same process

        cgroup.Dispose(); // the sleep is still there: cgroup.kill ends it, then the folder goes
        Assert.True(sleep.WaitForExit(10_000), "cgroup.kill did not end the process");
        Assert.False(Directory.Exists(Path.GetDirectoryName(leaf)));
    }

    [Fact]
    public void EveryProcessOfARealQubeIsInItsV2CgroupWhichGoesWhenTheQubeStops()
    {
        CgroupV2Tree tree = UnifiedHierarchy(out string own);
        using var rig = new QubeRig();
        QubeSandbox a = rig.Start("a", tree);
        Assert.Equal("here\n", rig.RunForResult(a, "a", "here", "echo here"));

        string leaf = Assert.Single(a.Cgroup!.Leaves);
        int[] qube = [a.ProcessId, .. ProcessTree.Descendants(a.ProcessId)];
        Assert.True(qube.Length >= 6, $"expected the staging bwrap, the qube's bwrap, its init, Xvfb and the agent, found {qube.Length}");
        Assert.All(qube, pid => Assert.Equal(Path.GetRelativePath(own, leaf), V2PathOf(pid)[1..]));
        // And nothing else is in it: each process there (still living) is one of the qube's.
        IReadOnlyList<int> inLeaf = CgroupFiles.Processes(leaf);
        int[] now = [a.ProcessId, .. ProcessTree.Descendants(a.ProcessId)];
        Assert.All(inLeaf.Where(ProcessTree.IsAlive), pid => Assert.Contains(pid, now));

        a.Dispose();
        Assert.False(Directory.Exists(Path.GetDirectoryName(leaf)), "the qube's cgroup is still there after it stopped");
    }

    /// <summary>This process's own cgroup in the unified hierarchy, as the parent of qube cgroups with the controllers it hands down.</summary>
    private static CgroupV2Tree UnifiedHierarchy(out string own)
    {
        CgroupHierarchy? v2 = CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup")).FirstOrDefault(h => h.IsV2);
        Assert.True(v2 is not null, "no cgroup v2 hierarchy is mounted here");
        own = v2.OwnDirectory;
        return new CgroupV2Tree(own, [.. Wanted.Intersect(CgroupFiles.Words(own, "cgroup.subtree_control"))]);
    }

    /// <summary>The v2 cgroup of a process, from its /proc/PID/cgroup ("0::PATH").</summary>
    private static string V2PathOf(int pid) => File.ReadAllLines($"/proc/{pid}/cgroup").Single(line => line.StartsWith("0::", StringComparison.Ordinal))[3..];

    private static void WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
