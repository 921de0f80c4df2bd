using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

/// <summary>
/// Turns <see cref="SyscallRule"/>s into a seccomp BPF program with libseccomp, for bubblewrap's
/// --seccomp. Default action: allow. Calls from any architecture but the native one kill the
/// process: libseccomp checks the architecture first (so i386's int 0x80, whose numbers differ,
/// cannot bypass a rule), and on x86-64 treats x32 numbers as a foreign architecture too.
/// </summary>
internal static class FilterCompiler
{
    private const uint ArchX86_64 = 0xc000003e; // AUDIT_ARCH_X86_64
    private const uint ArchAarch64 = 0xc00000b7; // AUDIT_ARCH_AARCH64

    /// <summary>
    /// The BPF program (struct sock_filter[], 8 bytes each) and the names this libseccomp does not
    /// know (newer than its tables), which are therefore not filtered. A call that exists only on
    /// other architectures (modify_ldt on AArch64) is skipped silently: it cannot be made here.
    /// </summary>
    public static (byte[] Bpf, IReadOnlyList<string> Unknown) Compile(IEnumerable<SyscallRule> rules, bool pseudoCode = false)
    {
        nint context;
        try
        {
            context = Libseccomp.seccomp_init(Libseccomp.ActionAllow);
        }
        catch (DllNotFoundException)
        {
            throw new SandboxException($"{Libseccomp.Library} is not installed: install the Debian package libseccomp2 (qubes do not start without their system-call filter)");
        }

        if (context == 0)
        {
            throw new SandboxException("libseccomp could not make a filter");
        }

        try
        {
            // The numbers and argument values of the table are those of x86-64 and AArch64 (ioctl
            // requests and clone's argument order differ elsewhere): refuse to guess on others.
            uint native = Libseccomp.seccomp_arch_native();
            if (native is not (ArchX86_64 or ArchAarch64))
            {
                throw new SandboxException($"the qubes' system-call filter is written for x86-64 and AArch64, not for architecture 0x{native:x8}");
            }

            Check(Libseccomp.seccomp_attr_set(context, Libseccomp.AttributeBadArchAction, Libseccomp.ActionKillProcess), "setting the foreign-architecture action");
            var unknown = new List<string>();
            foreach (SyscallRule rule in rules)
            {
                int number = Libseccomp.seccomp_syscall_resolve_name(rule.Syscall);
                if (number == Libseccomp.UnknownSyscall)
                {
                    if (!unknown.Contains(rule.Syscall))
                    {
                        unknown.Add(rule.Syscall);
                    }

                    continue;
                }

                if (number < 0)
                {
                    continue; // a pseudo number: the call does not exist on this architecture
                }

                ScmpArgumentComparison[]? comparisons = rule.When.Count == 0 ? null : [.. rule.When.Select(test => test.ToNative())];
                Check(Libseccomp.seccomp_rule_add_array(context, Libseccomp.ActionErrno(rule.Errno), number, (uint)rule.When.Count, comparisons), $"adding the rule for {rule}");
            }

            return (Export(context, pseudoCode), unknown);
        }
        finally
        {
            Libseccomp.seccomp_release(context);
        }
    }

    /// <summary>libseccomp writes to a descriptor: a memfd, read back from its start.</summary>
    private static byte[] Export(nint context, bool pseudoCode)
    {
        using SafeFileHandle file = MemoryFile.Create("guivirt-seccomp-export");
        int result = pseudoCode
            ? Libseccomp.seccomp_export_pfc(context, (int)file.DangerousGetHandle())
            : Libseccomp.seccomp_export_bpf(context, (int)file.DangerousGetHandle());
        Check(result, "exporting the filter");
        byte[] program = new byte[RandomAccess.GetLength(file)];
        int read = RandomAccess.Read(file, program, fileOffset: 0);
        if (read != program.Length || (!pseudoCode && (program.Length == 0 || program.Length % 8 != 0)))
        {
            throw new SandboxException($"libseccomp exported {program.Length} bytes, not a BPF program");
        }

        return program;
    }

    /// <summary>libseccomp returns 0 or a negative errno.</summary>
    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new SandboxException($"libseccomp failed {what}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(-result)}");
        }
    }
}
