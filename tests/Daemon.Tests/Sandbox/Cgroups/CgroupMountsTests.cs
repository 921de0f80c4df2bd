using GuiVirt.GuiDaemon.Sandbox.Cgroups;

namespace GuiVirt.Daemon.Tests.Sandbox.Cgroups;

/// <summary>Where this process's cgroups are, from the text of /proc/self/mountinfo and /proc/self/cgroup.</summary>
public sealed class CgroupMountsTests
{
    [Fact]
    public void AHybridHostHasTheUnifiedHierarchyAndOneV1HierarchyPerControllerGroup()
    {
        const string Mountinfo = """
            25 30 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755
            26 25 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
            27 25 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory
            28 25 0:26 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,pids
            29 25 0:27 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            30 25 0:28 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
        const string Self = """
            9:name=systemd:/
            8:pids:/user.slice
            4:memory:/process_api/c67a
            2:cpu,cpuacct:/
            0::/
            """;
        IReadOnlyList<CgroupHierarchy> found = CgroupMounts.Parse(Mountinfo, Self);

        CgroupHierarchy v2 = Assert.Single(found, h => h.IsV2);
        Assert.Equal(("/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified"), (v2.MountPoint, v2.OwnDirectory));
        Assert.Equal("/sys/fs/cgroup/memory/process_api/c67a", Assert.Single(found, h => h.Has("memory")).OwnDirectory);
        Assert.Equal("/sys/fs/cgroup/pids/user.slice", Assert.Single(found, h => h.Has("pids")).OwnDirectory);
        CgroupHierarchy cpu = Assert.Single(found, h => h.Has("cpu"));
        Assert.Equal(["cpu", "cpuacct"], cpu.Controllers);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", cpu.OwnDirectory);
    }

    [Fact]
    public void APureV2HostHasOneHierarchyAtItsMount()
    {
        IReadOnlyList<CgroupHierarchy> found = CgroupMounts.Parse(
            "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n",
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/guivirt.scope\n");
        CgroupHierarchy v2 = Assert.Single(found);
        Assert.True(v2.IsV2);
        Assert.Equal("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/guivirt.scope", v2.OwnDirectory);
    }

    [Fact]
    public void AMountOfOnlyPartOfTheHierarchyCountsOnlyWhenTheOwnCgroupIsInThatPart()
    {
        // A container's view: its mount shows /docker/abc of the host's hierarchy at /sys/fs/cgroup.
        const string Mountinfo = "40 30 0:28 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        Assert.Equal("/sys/fs/cgroup/app", Assert.Single(CgroupMounts.Parse(Mountinfo, "0::/docker/abc/app\n")).OwnDirectory);
        Assert.Equal("/sys/fs/cgroup", Assert.Single(CgroupMounts.Parse(Mountinfo, "0::/docker/abc\n")).OwnDirectory);
        Assert.Empty(CgroupMounts.Parse(Mountinfo, "0::/docker/abcdef\n"));
        Assert.Empty(CgroupMounts.Parse(Mountinfo, "0::/elsewhere\n"));
    }

    [Fact]
    public void EscapedCharactersInAMountPointAreDecoded() =>
        Assert.Equal(
            "/mnt/my cgroups\\x/q",
            Assert.Single(CgroupMounts.Parse("41 30 0:29 / /mnt/my\\040cgroups\\134x rw - cgroup2 cgroup2 rw\n", "0::/q\n")).OwnDirectory);

    [Fact]
    public void HierarchiesThisProcessIsNotInAndOtherFileSystemsAreIgnored()
    {
        const string Mountinfo = """
            22 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            27 25 0:25 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            28 25 0:26 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids
            garbage line
            """;
        CgroupHierarchy only = Assert.Single(CgroupMounts.Parse(Mountinfo, "4:memory:/a\nmalformed\n"));
        Assert.Equal("/sys/fs/cgroup/memory/a", only.OwnDirectory);
    }
}
