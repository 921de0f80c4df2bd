using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>eventfd(2): a counter in the kernel that poll sees as readable while it is not zero.</summary>
internal static unsafe class EventFd
{
    /// <summary>A non-blocking, close-on-exec eventfd starting at zero.</summary>
    public static SafeFileHandle Create()
    {
        int fd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (fd < 0)
        {
            Errno.Throw("eventfd", Errno.Last);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Adds one; the counter saturating (EAGAIN) still leaves it readable, which is all a wake-up needs.</summary>
    public static void Increment(SafeFileHandle eventFd)
    {
        using var lease = new FdLease(eventFd);
        ulong one = 1;
        long written;
        do
        {
            written = LibC.write(lease.Fd, &one, sizeof(ulong));
        }
        while (written < 0 && Errno.Last == LibC.EINTR);
    }

    /// <summary>Reads the counter back to zero (EAGAIN when it already is).</summary>
    public static void Reset(SafeFileHandle eventFd)
    {
        using var lease = new FdLease(eventFd);
        ulong value;
        long read;
        do
        {
            read = LibC.read(lease.Fd, &value, sizeof(ulong));
        }
        while (read < 0 && Errno.Last == LibC.EINTR);
    }
}
