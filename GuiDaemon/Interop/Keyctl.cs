using System.Runtime.InteropServices;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>
/// keyctl(2), which glibc does not wrap: called through syscall(3) with the native number, which
/// libseccomp knows for every architecture (the numbers differ between them).
/// </summary>
internal static partial class Keyctl
{
    /// <summary>KEYCTL_JOIN_SESSION_KEYRING: with a null name, a new anonymous session keyring.</summary>
    public const int JoinSessionKeyring = 1;

    /// <summary>
    /// keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) for the calling thread: its credentials (and those of
    /// every process it starts from now on) get a fresh, empty session keyring. Returns the new
    /// keyring's serial, or -1 with the errno in <paramref name="errno"/>.
    /// </summary>
    public static long JoinNewSessionKeyring(out int errno)
    {
        int number = Libseccomp.seccomp_syscall_resolve_name("keyctl");
        if (number < 0)
        {
            errno = Tmds.Linux.LibC.ENOSYS;
            return -1;
        }

        long result = syscall(number, JoinSessionKeyring, 0);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    // long syscall(long number, ...): the arguments are all integers, which the x86-64 and AArch64
    // Linux ABIs pass to a variadic function exactly as to a fixed one.
    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial long syscall(long number, long argument1, long argument2);
}
