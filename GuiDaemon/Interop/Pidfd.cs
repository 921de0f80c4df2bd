using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>
/// pidfd_open(2) and pidfd_send_signal(2) (glibc 2.36): a descriptor for one process, and a signal
/// that reaches exactly that process even after its number has been freed and taken by another.
/// </summary>
internal static partial class Pidfd
{
    /// <summary>
    /// A descriptor for the process now numbered <paramref name="processId"/>; null when there is
    /// none, or when the C library is older than glibc 2.36 (Ubuntu 22.04) or the kernel than 5.3:
    /// the caller then does without.
    /// </summary>
    public static SafeFileHandle? Open(int processId)
    {
        try
        {
            int descriptor = pidfd_open(processId, 0);
            return descriptor < 0 ? null : new SafeFileHandle(descriptor, ownsHandle: true);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL to the process; false when it has already exited (or was never signalable).</summary>
    public static bool Kill(SafeFileHandle process) => pidfd_send_signal(process, Tmds.Linux.LibC.SIGKILL, 0, 0) == 0;

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int pidfd_open(int processId, uint flags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int pidfd_send_signal(SafeFileHandle process, int signal, nint info, uint flags);
}
