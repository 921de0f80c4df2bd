using System.Runtime.InteropServices;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>
/// libseccomp (Debian package libseccomp2), used only to compile the qubes' system-call filter
/// into classic BPF for bubblewrap; the daemon never loads a filter into itself. scmp_filter_ctx is
/// nint here; <see cref="Sandbox.Seccomp.FilterCompiler"/> owns it. The values are libseccomp's
/// ABI (seccomp.h) and have not changed since 2.4.
/// </summary>
internal static partial class Libseccomp
{
    public const string Library = "libseccomp.so.2";

    /// <summary>SCMP_ACT_ALLOW.</summary>
    public const uint ActionAllow = 0x7fff0000;

    /// <summary>SCMP_ACT_KILL_PROCESS: the whole process dies of SIGSYS.</summary>
    public const uint ActionKillProcess = 0x80000000;

    /// <summary>__NR_SCMP_ERROR: the name is not a system call libseccomp knows.</summary>
    public const int UnknownSyscall = -1;

    /// <summary>SCMP_FLTATR_ACT_BADARCH: what a call from an architecture not in the filter gets.</summary>
    public const int AttributeBadArchAction = 2;

    /// <summary>SCMP_ACT_ERRNO(errno): the call fails with this errno and does nothing.</summary>
    public static uint ActionErrno(int errno) => 0x00050000u | ((uint)errno & 0xffff);

    [LibraryImport(Library)] public static partial nint seccomp_init(uint defaultAction);
    [LibraryImport(Library)] public static partial void seccomp_release(nint context);
    [LibraryImport(Library)] public static partial uint seccomp_arch_native();
    [LibraryImport(Library)] public static partial int seccomp_attr_set(nint context, int attribute, uint value);

    /// <summary>The native architecture's number for NAME, a negative pseudo number for one it lacks, or <see cref="UnknownSyscall"/>.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial int seccomp_syscall_resolve_name(string name);

    [LibraryImport(Library)]
    public static partial int seccomp_rule_add_array(nint context, uint action, int syscall, uint count, [In] ScmpArgumentComparison[]? comparisons);

    /// <summary>Writes the filter as BPF (struct sock_filter[]) to FD; returns 0 or a negative errno.</summary>
    [LibraryImport(Library)] public static partial int seccomp_export_bpf(nint context, int fd);

    /// <summary>Writes the filter as libseccomp's readable pseudo code to FD.</summary>
    [LibraryImport(Library)] public static partial int seccomp_export_pfc(nint context, int fd);
}
