using System.Runtime.InteropServices;
using GuiVirt.GuiDaemon.Interop;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.GuiDaemon.Sandbox.Seccomp;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The filter's table and the BPF program libseccomp makes of it, run through a BPF interpreter:
/// each row refuses its call (also with the arguments an attacker would pick to slip past) and
/// lets the ordinary forms of the same calls through. SandboxFilterTests checks the same from
/// inside a real qube; these checks also cover rows the kernel would refuse anyway.
/// </summary>
public sealed class SyscallFilterTests
{
    private static readonly SeccompProgram Program = new(SyscallFilter.Bpf);
    private static readonly uint Native = Libseccomp.seccomp_arch_native();

    public static TheoryData<int> RuleIndexes => [.. Enumerable.Range(0, SyscallFilter.Rules.Count)];

    [Theory]
    [MemberData(nameof(RuleIndexes))]
    public void EveryRowRefusesItsCallWithItsErrno(int index)
    {
        SyscallRule rule = SyscallFilter.Rules[index];
        int number = Libseccomp.seccomp_syscall_resolve_name(rule.Syscall);
        Assert.NotEqual(Libseccomp.UnknownSyscall, number); // this libseccomp knows every call of the table
        if (number < 0)
        {
            return; // not a call of this architecture (iopl, modify_ldt on AArch64)
        }

        ulong[] arguments = new ulong[6];
        foreach (ArgumentTest test in rule.When)
        {
            arguments[test.Index] = test.Operation == ScmpArgumentComparison.NotEqual ? test.Value + 1 : test.Value;
        }

        Assert.Equal(SeccompProgram.ActionErrno | (uint)rule.Errno, Program.Run(Native, number, arguments));
    }

    [Fact]
    public void HighBitsDoNotSlipARefusedIoctlOrFamilyPast()
    {
        // The kernel reads an ioctl request and a socket family as 32-bit ints (CVE-2019-10063).
        Assert.Equal(Refused(Tmds.Linux.LibC.EPERM), Run("ioctl", 0, (1UL << 32) | 0x5412)); // TIOCSTI
        Assert.Equal(Refused(Tmds.Linux.LibC.EPERM), Run("ioctl", 0, 0xffff_ffff_0000_541cUL)); // TIOCLINUX
        Assert.Equal(Refused(Tmds.Linux.LibC.EAFNOSUPPORT), Run("socket", (1UL << 32) | 40)); // AF_VSOCK
        Assert.Equal(Refused(Tmds.Linux.LibC.EAFNOSUPPORT), Run("socket", ulong.MaxValue)); // -1
        Assert.Equal(Refused(Tmds.Linux.LibC.EPERM), Run("personality", 1UL << 32 | 0x0400000)); // READ_IMPLIES_EXEC
    }

    [Fact]
    public void OrdinaryFormsOfTheFilteredCallsAreAllowed()
    {
        Assert.Equal(SeccompProgram.ActionAllow, Run("clone", 17)); // fork: SIGCHLD
        Assert.Equal(SeccompProgram.ActionAllow, Run("clone", 0x3d0f00)); // pthread_create's flags
        Assert.Equal(SeccompProgram.ActionAllow, Run("ioctl", 0, 0x5401)); // TCGETS
        Assert.Equal(SeccompProgram.ActionAllow, Run("ioctl", 0, 0x5412UL << 32)); // TIOCSTI's bits above the 32 the kernel reads
        Assert.Equal(SeccompProgram.ActionAllow, Run("personality", 0)); // PER_LINUX
        foreach (ulong family in (ulong[])[0, 1, 2, 10, 16])
        {
            Assert.Equal(SeccompProgram.ActionAllow, Run("socket", family));
        }

        Assert.Equal(SeccompProgram.ActionAllow, Run("fchmodat", unchecked((ulong)-100), 0, 0x1ed)); // 0755
        Assert.Equal(SeccompProgram.ActionAllow, Run("openat", unchecked((ulong)-100), 0, 0x41, 0x1a4)); // O_CREAT|O_WRONLY, 0644
        Assert.Equal(SeccompProgram.ActionAllow, Run("openat", unchecked((ulong)-100), 0, 0, 0xfff)); // no O_CREAT: the mode is ignored
        Assert.Equal(SeccompProgram.ActionAllow, Run("mkdirat", unchecked((ulong)-100), 0, 0x5ed)); // 02755: a set-group-ID folder
        Assert.Equal(SeccompProgram.ActionAllow, Run("mknodat", unchecked((ulong)-100), 0, 0x81a4, 0)); // S_IFREG|0644
        foreach (string call in (string[])["getpid", "read", "write", "execve", "ptrace", "memfd_create", "mmap", "vfork", "setsid"])
        {
            Assert.Equal(SeccompProgram.ActionAllow, Run(call));
        }
    }

    [Fact]
    public void CallsThroughAnotherArchitecturesAbiKillTheProcess()
    {
        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        uint foreign = x64 ? 0x40000003u : 0x40000028u; // AUDIT_ARCH_I386, AUDIT_ARCH_ARM
        Assert.Equal(SeccompProgram.ActionKillProcess, Program.Run(foreign, 20)); // i386 getpid
        if (x64)
        {
            // x32 uses x86-64's architecture value with bit 30 set in the number: keyctl's x32 number
            // must not pass as an unknown, allowed call.
            Assert.Equal(SeccompProgram.ActionKillProcess, Program.Run(Native, 0x40000000 | Libseccomp.seccomp_syscall_resolve_name("keyctl")));
        }

        Assert.Contains("invalid architecture action\naction KILL_PROCESS;", SyscallFilter.PseudoCode(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRefusedCallOfTheTableHasACaseInTheQubeProbe()
    {
        string[] probed = [.. ProbeCase.Refused.Select(c => c.Syscall)];
        string[] missing = [.. SyscallFilter.Rules.Select(r => r.Syscall).Distinct().Where(call => !probed.Contains(call))];
        Assert.True(missing.Length == 0, "no syscall-probe.c case for: " + string.Join(", ", missing));
    }

    [Fact]
    public void DocsSecurityHasARowForEveryRefusedCall()
    {
        string doc = File.ReadAllText(Path.Combine(BuiltProgram.RepositoryRoot.FullName, "docs", "security.md"));
        string[] missing = [.. SyscallFilter.Rules.Select(r => r.Syscall).Distinct().Where(call => !doc.Contains($"| `{call}` |", StringComparison.Ordinal))];
        Assert.True(missing.Length == 0, "docs/security.md has no row for: " + string.Join(", ", missing));
    }

    [Fact]
    public void ACallLibseccompDoesNotKnowIsReportedAndAFailingRuleStopsTheCompile()
    {
        (byte[] bpf, IReadOnlyList<string> unknown) = FilterCompiler.Compile([new("no_such_call", 1, "test", []), new("keyctl", 1, "test", [])]);
        Assert.Equal(["no_such_call"], unknown);
        Assert.Equal(Refused(1), new SeccompProgram(bpf).Run(Native, Libseccomp.seccomp_syscall_resolve_name("keyctl")));

        // libseccomp 2.5 cannot test one argument twice in a rule: its error must surface, never a weaker filter.
        SyscallRule twice = new("personality", 1, "test", [ArgumentTest.IsNot(0, 0), ArgumentTest.IsNot(0, 0xffffffff)]);
        Assert.Throws<SandboxException>(() => FilterCompiler.Compile([twice]));
    }

    private static uint Refused(int errno) => SeccompProgram.ActionErrno | (uint)errno;

    private static uint Run(string call, params ulong[] arguments)
    {
        int number = Libseccomp.seccomp_syscall_resolve_name(call);
        Assert.True(number >= 0, $"{call} is not a call of this architecture");
        return Program.Run(Native, number, arguments);
    }
}
