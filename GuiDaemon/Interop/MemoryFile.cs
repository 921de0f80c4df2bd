using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>memfd_create and the descriptor flags the daemon needs to hand a file to bubblewrap.</summary>
internal static unsafe class MemoryFile
{
    /// <summary>An empty memfd that can be sealed; close-on-exec, so no process the daemon starts inherits it by accident.</summary>
    public static SafeFileHandle Create(string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        int fd;
        fixed (byte* p = nameBytes)
        {
            fd = LibC.memfd_create(p, LibC.MFD_ALLOW_SEALING | LibC.MFD_CLOEXEC);
        }

        if (fd < 0)
        {
            throw new IOException($"memfd_create failed: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Seals the contents and size for good: no holder of the descriptor can change them any more.</summary>
    public static void SealContents(SafeFileHandle file)
    {
        int seals = LibC.F_SEAL_WRITE | LibC.F_SEAL_GROW | LibC.F_SEAL_SHRINK | LibC.F_SEAL_SEAL;
        if (LibC.fcntl((int)file.DangerousGetHandle(), LibC.F_ADD_SEALS, seals) < 0)
        {
            throw new IOException($"sealing a memfd failed: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
        }
    }

    /// <summary>Clears or sets FD_CLOEXEC: an inheritable descriptor passes into every process started meanwhile.</summary>
    public static void SetInheritable(SafeFileHandle file, bool inheritable)
    {
        if (LibC.fcntl((int)file.DangerousGetHandle(), LibC.F_SETFD, inheritable ? 0 : LibC.FD_CLOEXEC) < 0)
        {
            throw new IOException($"fcntl(F_SETFD) failed: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
        }
    }
}
