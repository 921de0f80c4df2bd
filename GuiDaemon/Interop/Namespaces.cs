using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>Descriptors of a process's namespaces, for a helper that must join them (<see cref="Sandbox.UserNetwork"/>).</summary>
internal static unsafe class Namespaces
{
    /// <summary>NS_GET_USERNS, _IO(0xb7, 0x1): the user namespace that owns a namespace, as a new close-on-exec descriptor.</summary>
    private const int NsGetUserns = 0xb701;

    /// <summary>/proc/PID/ns/net, opened close-on-exec; IOException when the process is gone or not the daemon's to look at.</summary>
    public static SafeFileHandle OpenNetwork(int processId)
    {
        byte[] path = Encoding.ASCII.GetBytes($"/proc/{processId}/ns/net\0");
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }

        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true)
            : throw new IOException($"cannot open the network namespace of process {processId}: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
    }

    /// <summary>
    /// The user namespace that owns <paramref name="namespaceFile"/>. For a qube this is the outer
    /// one bwrap made for its setup, which no process of the qube is in: the qube's processes run
    /// in a second, nested one, which has no power over the network namespace.
    /// </summary>
    public static SafeFileHandle OwningUserNamespace(SafeFileHandle namespaceFile)
    {
        int fd = LibC.ioctl((int)namespaceFile.DangerousGetHandle(), NsGetUserns, null);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true)
            : throw new IOException($"cannot find the user namespace that owns a network namespace: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
    }
}
