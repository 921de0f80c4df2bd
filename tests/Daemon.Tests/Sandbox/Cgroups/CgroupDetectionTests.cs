using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Sandbox.Cgroups;

namespace GuiVirt.Daemon.Tests.Sandbox.Cgroups;

/// <summary>
/// Which way of limiting qubes the daemon chooses on a host, and what each way writes: checked on
/// described hosts (<see cref="FakeCgroupHost"/>), so the cgroup v2 and systemd paths are covered
/// even on a machine whose controllers are on cgroup v1.
/// </summary>
public sealed class CgroupDetectionTests : IDisposable
{
    private static readonly ResourceLimits Small = ResourceLimits.Default with { MemoryMiB = 256, Pids = 128, CpuWeight = 50 };

    private readonly FakeCgroupHost _fake = new();

    public void Dispose() => _fake.Dispose();

    [Fact]
    public void ADelegatedV2CgroupIsUsedAndTheDaemonAloneInItMovesIntoALeafFirst()
    {
        string own = _fake.AddV2("/user.slice/guivirt.scope", "cpuset cpu io memory pids", FakeCgroupHost.Self + "\n");
        string leftover = Path.Combine(own, "guivirt-999999999-old"); // of a daemon that is gone
        Directory.CreateDirectory(Path.Combine(leftover, "qube"));

        CgroupChoice choice = CgroupDetection.Choose(_fake.Host(isRoot: false));

        Assert.IsType<CgroupV2Tree>(choice.Cgroups);
        Assert.Equal($"qube limits: cgroup v2 (memory, pids, cpu) under {own}", choice.Description);
        Assert.Equal(FakeCgroupHost.Self, File.ReadAllText(Path.Combine(own, $"guivirt-{FakeCgroupHost.Self}-.daemon", "cgroup.procs")));
        Assert.False(Directory.Exists(leftover));

        QubeCgroup cgroup = choice.Cgroups.Create("work", Small);
        string folder = Path.Combine(own, $"guivirt-{FakeCgroupHost.Self}-work");
        Assert.Equal($"{256 << 20}", File.ReadAllText(Path.Combine(folder, "memory.max")));
        Assert.Equal("128", File.ReadAllText(Path.Combine(folder, "pids.max")));
        Assert.Equal("50", File.ReadAllText(Path.Combine(folder, "cpu.weight")));
        Assert.Equal([Path.Combine(folder, "qube")], cgroup.Leaves);
        Assert.Equal([CgroupJoin.Shell, "-c", CgroupJoin.Script, "guivirt-join", Path.Combine(folder, "qube", "cgroup.procs"), "--"], cgroup.LaunchPrefix);
        Assert.Equal("memory 256 MiB, 128 tasks, cpu weight 50 (cgroup v2)", cgroup.Summary);
    }

    [Fact]
    public void TheRootOfAV2HierarchyNeedsNoMoveAndAControllerItLacksIsReportedAsNotLimited()
    {
        string own = _fake.AddV2("/", "memory pids", "1\n55\n" + FakeCgroupHost.Self + "\n");
        CgroupChoice choice = CgroupDetection.Choose(_fake.Host());

        Assert.False(Directory.Exists(Path.Combine(own, $"guivirt-{FakeCgroupHost.Self}-.daemon")));
        Assert.Equal("memory 256 MiB, 128 tasks; cpu weight NOT limited (cgroup v2)", choice.Cgroups!.Summary(Small));
    }

    [Fact]
    public void AV2CgroupSharedWithOtherProcessesIsNotTakenAndWritableV1HierarchiesAreUsedInstead()
    {
        _fake.AddV2("/user.slice/session-2.scope", "memory pids cpu", $"1234\n{FakeCgroupHost.Self}\n");
        string memory = _fake.AddV1("memory", "/process_api/c67a");
        string pids = _fake.AddV1("pids", "/");
        string cpu = _fake.AddV1("cpu,cpuacct", "/");

        CgroupChoice choice = CgroupDetection.Choose(_fake.Host());

        Assert.IsType<CgroupV1Tree>(choice.Cgroups);
        QubeCgroup cgroup = choice.Cgroups.Create("work", Small);
        string name = $"guivirt-{FakeCgroupHost.Self}-work";
        Assert.Equal($"{256 << 20}", File.ReadAllText(Path.Combine(memory, name, "memory.limit_in_bytes")));
        Assert.Equal("128", File.ReadAllText(Path.Combine(pids, name, "pids.max")));
        Assert.Equal("512", File.ReadAllText(Path.Combine(cpu, name, "cpu.shares"))); // 50 of 100 is 512 of 1024
        string[] joined = [Path.Combine(memory, name, "qube"), Path.Combine(pids, name, "qube"), Path.Combine(cpu, name, "qube")];
        // The sandbox joins the three leaves; its commands go into "apps" below the cpu one, a tenth of a task's weight.
        string apps = Path.Combine(cpu, name, "qube", "apps");
        Assert.Equal([.. joined, apps], cgroup.Leaves);
        Assert.Equal([.. joined.Select(leaf => Path.Combine(leaf, "cgroup.procs"))], cgroup.LaunchPrefix.Skip(4).SkipLast(1));
        Assert.Equal(Path.Combine(apps, "cgroup.procs"), cgroup.AppsProcs);
        Assert.Equal("102", File.ReadAllText(Path.Combine(apps, "cpu.shares")));
        Assert.Equal("memory 256 MiB, 128 tasks, cpu weight 50 (cgroup v1)", cgroup.Summary);
    }

    [Fact]
    public void AQubeNamedDaemonGetsACgroupOfItsOwnNotTheDaemons()
    {
        _fake.AddV2("/user.slice/session-2.scope", "memory pids cpu", $"1234\n{FakeCgroupHost.Self}\n");
        _fake.AddV1("memory", "/");
        _fake.AddV1("pids", "/");
        string cpu = _fake.AddV1("cpu,cpuacct", "/");
        QubeCgroups cgroups = CgroupDetection.Choose(_fake.Host()).Cgroups!;

        Assert.Contains("the daemon has cpu weight 400", cgroups.Scheduling(), StringComparison.Ordinal);
        QubeCgroup qube = cgroups.Create("daemon", Small);

        string daemon = Path.Combine(cpu, $"guivirt-{FakeCgroupHost.Self}-.daemon");
        Assert.Equal("4096", File.ReadAllText(Path.Combine(daemon, "cpu.shares")));
        Assert.Equal(FakeCgroupHost.Self, File.ReadAllText(Path.Combine(daemon, "cgroup.procs")));
        Assert.Contains(Path.Combine(cpu, $"guivirt-{FakeCgroupHost.Self}-daemon", "qube"), qube.Leaves);
        Assert.False(Directory.Exists(Path.Combine(daemon, "qube")), "the qube's leaf is in the daemon's cgroup");
    }

    [Theory]
    [InlineData(10, 102)]
    [InlineData(100, 1024)]
    [InlineData(1, 10)]
    [InlineData(10_000, 102_400)]
    public void ACpuWeightBecomesV1SharesAsSystemdMapsThem(int weight, long shares) => Assert.Equal(shares, CgroupV1Tree.SharesOf(weight));

    [Theory]
    [InlineData(false, "--user")]
    [InlineData(true, "--scope")]
    public void WithNoWritableCgroupASystemdScopeIsMadeForEachQube(bool root, string afterProgram)
    {
        _fake.AddV2("/user.slice/session-2.scope", "memory pids cpu", $"1234\n{FakeCgroupHost.Self}\n");
        _fake.AddV1("memory", "/", mountPoint: "/proc/self/no-such-cgroup"); // cannot be written, even by root

        CgroupChoice choice = CgroupDetection.Choose(_fake.Host(isRoot: root, systemdRun: "/usr/bin/systemd-run", managerReachable: true));

        Assert.IsType<SystemdScopes>(choice.Cgroups);
        QubeCgroup cgroup = choice.Cgroups.Create("work", Small);
        Assert.Equal("/usr/bin/systemd-run", cgroup.LaunchPrefix[0]);
        Assert.Equal(afterProgram, cgroup.LaunchPrefix[1]);
        Assert.Equal(root, !cgroup.LaunchPrefix.Contains("--user"));
        string[] properties = [.. cgroup.LaunchPrefix.Where((_, i) => i > 0 && cgroup.LaunchPrefix[i - 1] == "-p")];
        Assert.Equal(["MemoryMax=256M", "MemorySwapMax=0", "TasksMax=128", "CPUWeight=50"], properties);
        Assert.Contains("--scope", cgroup.LaunchPrefix);
        Assert.Equal("--", cgroup.LaunchPrefix[^1]);
        Assert.Empty(cgroup.Leaves);
    }

    [Fact]
    public void WithNoWayAtAllTheLogLineSaysQubesAreNotLimitedAndWhyEachWayFailed()
    {
        _fake.AddV2("/", "", FakeCgroupHost.Self + "\n");
        _fake.AddV1("memory", "/", mountPoint: "/proc/self/no-such-cgroup");

        CgroupChoice choice = CgroupDetection.Choose(_fake.Host(isRoot: false));

        Assert.Null(choice.Cgroups);
        Assert.StartsWith("qube limits: the memory, tasks and CPU of qubes are NOT limited (", choice.Description, StringComparison.Ordinal);
        Assert.Contains("no memory or pids controller", choice.Description, StringComparison.Ordinal);
        Assert.Contains("cgroup v1 memory: /proc/self/no-such-cgroup", choice.Description, StringComparison.Ordinal);
        Assert.Contains("systemd-run is not installed", choice.Description, StringComparison.Ordinal);
        Assert.EndsWith("only the sizes of their tmpfs mounts are", choice.Description, StringComparison.Ordinal);
        Assert.Contains("; no systemd user manager runs)", CgroupDetection.Choose(_fake.Host(isRoot: false, systemdRun: "/usr/bin/systemd-run")).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ASystemdScopesLimitsAreReadBackFromTheKernelsFiles()
    {
        // This process's own v2 cgroup path, under a fake mount holding the scope's files.
        string path = File.ReadAllLines("/proc/self/cgroup").Single(line => line.StartsWith("0::", StringComparison.Ordinal))[3..];
        string scope = Path.TrimEndingDirectorySeparator(_fake.Root + path);
        Directory.CreateDirectory(scope);
        File.WriteAllText(Path.Combine(scope, "memory.max"), $"{256 << 20}\n");
        File.WriteAllText(Path.Combine(scope, "pids.max"), "128\n");
        Assert.Null(SystemdScopes.Check(_fake.Root, Environment.ProcessId, Small));

        File.WriteAllText(Path.Combine(scope, "memory.max"), "max\n"); // a user manager without the memory controller
        string? problem = SystemdScopes.Check(_fake.Root, Environment.ProcessId, Small);
        Assert.Contains("systemd did not apply the limits", problem, StringComparison.Ordinal);
        Assert.Contains("memory.max max", problem, StringComparison.Ordinal);

        var cgroup = new QubeCgroup([], [], [], "memory 256 MiB, 128 tasks, cpu weight 50 (systemd scope)", pid => SystemdScopes.Check(_fake.Root, pid, Small));
        Assert.NotNull(cgroup.Confirm(Environment.ProcessId));
        Assert.StartsWith("NOT limited: systemd did not apply", cgroup.Summary, StringComparison.Ordinal);
    }
}
