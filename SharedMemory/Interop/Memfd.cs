using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>memfd_create, ftruncate and the seal fcntls.</summary>
internal static unsafe class Memfd
{
    /// <summary>
    /// Creates an empty memfd that can be sealed. CLOEXEC so the buffer never leaks into a
    /// process we start (the qube's apps must not inherit the grant).
    /// </summary>
    public static SafeFileHandle Create(string name)
    {
        // The name only shows up in /proc/PID/fd and maps, for debugging; NUL-terminated for C.
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        int fd;
        fixed (byte* p = nameBytes)
        {
            fd = LibC.memfd_create(p, LibC.MFD_ALLOW_SEALING | LibC.MFD_CLOEXEC);
        }
        if (fd < 0)
        {
            Errno.Throw("memfd_create", Errno.Last);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>ftruncate; throws on failure.</summary>
    public static void SetSize(SafeFileHandle file, long sizeBytes)
    {
        int errno = TrySetSize(file, sizeBytes);
        if (errno != 0)
        {
            Errno.Throw("ftruncate", errno);
        }
    }

    /// <summary>ftruncate; returns 0 or the errno (EPERM when a seal forbids the change).</summary>
    public static int TrySetSize(SafeFileHandle file, long sizeBytes)
    {
        using var lease = new FdLease(file);
        int rc;
        do
        {
            rc = LibC.ftruncate(lease.Fd, sizeBytes);
        }
        while (rc < 0 && Errno.Last == LibC.EINTR);
        return rc < 0 ? Errno.Last : 0;
    }

    /// <summary>F_ADD_SEALS; throws on failure.</summary>
    public static void AddSeals(SafeFileHandle file, MemfdSeals seals)
    {
        int errno = TryAddSeals(file, seals);
        if (errno != 0)
        {
            Errno.Throw("fcntl(F_ADD_SEALS)", errno);
        }
    }

    /// <summary>F_ADD_SEALS; returns 0 or the errno.</summary>
    public static int TryAddSeals(SafeFileHandle file, MemfdSeals seals)
    {
        using var lease = new FdLease(file);
        return LibC.fcntl(lease.Fd, LibC.F_ADD_SEALS, (int)seals) < 0 ? Errno.Last : 0;
    }

    /// <summary>
    /// F_GET_SEALS. Fails (EINVAL) for anything that is not shmem/hugetlbfs, so failure alone
    /// already says "not a memfd".
    /// </summary>
    public static bool TryGetSeals(SafeFileHandle file, out MemfdSeals seals)
    {
        using var lease = new FdLease(file);
        int rc = LibC.fcntl(lease.Fd, LibC.F_GET_SEALS);
        seals = rc < 0 ? MemfdSeals.None : (MemfdSeals)rc;
        return rc >= 0;
    }
}
