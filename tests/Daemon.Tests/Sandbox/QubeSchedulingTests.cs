using System.Globalization;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;
using GuiVirt.TestSupport;
using Xunit.Abstractions;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// Scheduling (issue 17): a qube's commands run in a cgroup of their own below the qube's, with a
/// tenth of the weight of its X server and of its agent, so a busy app cannot starve what shows
/// its windows; the daemon runs in a cgroup of its own with a higher weight than a qube. Read
/// from the host kernel for a real sandboxed qube started by a real daemon (root, cgroup v1 cpu
/// hierarchy, as CI has).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class QubeSchedulingTests : IDisposable
{
    private readonly DaemonRig _rig = new("""
        [[qube]]
        name = "a"
        label = "blue"
        """);

    private readonly ITestOutputHelper _output;

    public QubeSchedulingTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AQubesCommandsRunInTheirOwnLowWeightCgroupWhileItsXServerAndAgentAndTheDaemonKeepTheirShare()
    {
        Assert.True(QubeUser.DaemonIsRoot, "the daemon must be able to write the cpu hierarchy: run the test as root (CI does)");
        _rig.Run("a", "sh", "-c", "sleep 600 & sleep 601");
        int sandbox = _rig.SandboxProcess("a");
        int first = WaitForProcess(sandbox, "sleep 601"), child = WaitForProcess(sandbox, "sleep 600");
        int xvfb = WaitForProcess(sandbox, "Xvfb :0"), agent = WaitForProcess(sandbox, "guivirt-agent.dll");

        // The qube's limits (memory, pids, cpu): the folder above the sandbox's "qube" leaf.
        CgroupHierarchy cpu = DaemonRig.LimitFolders(sandbox).Single(h => h.Has("cpu"));
        string leaf = Path.Combine(cpu.OwnDirectory, QubeCgroup.Leaf), apps = Path.Combine(leaf, QubeCgroup.Apps);
        Assert.Equal(leaf, CpuCgroupOf(xvfb));
        Assert.Equal(leaf, CpuCgroupOf(agent));
        // The command and what it started, in the apps cgroup from their start.
        Assert.Equal(apps, CpuCgroupOf(first));
        Assert.Equal(apps, CpuCgroupOf(child));
        Assert.Equal("102", Read(apps, "cpu.shares")); // weight 10 against 1024 for each task in "qube"
        // Only the cpu hierarchy is split: the command is under the qube's memory and pids limits as before.
        Assert.Equal(
            DaemonRig.LimitFolders(sandbox).Where(h => !h.Has("cpu")).Select(h => h.OwnDirectory),
            DaemonRig.LimitFolders(first).Where(h => !h.Has("cpu")).Select(h => h.OwnDirectory));

        // The daemon: a cgroup of its own beside the qube's, weight 400 (4096 shares).
        string daemon = CpuCgroupOf(_rig.Daemon.ProcessId);
        Assert.Equal($"guivirt-{_rig.Daemon.ProcessId.ToString(CultureInfo.InvariantCulture)}-.daemon", Path.GetFileName(daemon));
        Assert.Equal(Path.GetDirectoryName(cpu.OwnDirectory), Path.GetDirectoryName(daemon));
        Assert.Equal("4096", Read(daemon, "cpu.shares"));
        Assert.Contains("scheduling: each qube's commands run in a cgroup of their own (cpu weight 10 against 100 for each of the qube's X server and agent); the daemon has cpu weight 400", _rig.Daemon.Log, StringComparison.Ordinal);
        _output.WriteLine($"Xvfb and agent in {leaf}; the commands in {apps} (cpu.shares 102); the daemon in {daemon} (cpu.shares 4096)");

        // Stopping the qube removes the apps cgroup with the rest.
        Assert.Equal(0, GuivirtCli.Run(_rig.Sockets, "stop", "a").ExitCode);
        Assert.False(Directory.Exists(cpu.OwnDirectory), $"{cpu.OwnDirectory} is still there after the qube stopped");
    }

    private static string Read(string folder, string file) => File.ReadAllText(Path.Combine(folder, file)).Trim();

    /// <summary>The host folder of the cpu cgroup <paramref name="processId"/> is in.</summary>
    private static string CpuCgroupOf(int processId) =>
        CgroupMounts.Parse(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cgroup"))
            .Single(h => !h.IsV2 && h.Has("cpu")).OwnDirectory;

    /// <summary>The process below <paramref name="sandbox"/> whose command line contains <paramref name="text"/>.</summary>
    private static int WaitForProcess(int sandbox, string text)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (int pid in ProcessTree.Descendants(sandbox))
            {
                string command = HostFiles.CommandLine(pid);
                if (command.Contains(text, StringComparison.Ordinal) && !command.Contains("sh -c", StringComparison.Ordinal))
                {
                    return pid;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no process '{text}' in the qube");
            Thread.Sleep(50);
        }
    }
}
