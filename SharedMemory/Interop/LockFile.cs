using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// A lock file held with flock(2): the kernel releases the lock when the holder's last descriptor
/// closes, so a crashed holder leaves no stale lock, only a file the next holder reuses.
/// </summary>
internal static unsafe partial class LockFile
{
    private const int LockExclusive = 2; // LOCK_EX
    private const int LockNonBlocking = 4; // LOCK_NB

    /// <summary>open(path, O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600): never through a symbolic link.</summary>
    public static SafeFileHandle Open(string path)
    {
        byte[] name = NulTerminated(path);
        int fd;
        fixed (byte* p = name)
        {
            do
            {
                fd = LibC.open(p, LibC.O_RDWR | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0x180); // 0600
            }
            while (fd < 0 && Errno.Last == LibC.EINTR);
        }

        if (fd < 0)
        {
            Errno.Throw($"open {path}", Errno.Last);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>flock(LOCK_EX|LOCK_NB): false when another open file holds the lock.</summary>
    public static bool TryLockExclusive(SafeFileHandle file)
    {
        using var lease = new FdLease(file);
        int result;
        do
        {
            result = flock(lease.Fd, LockExclusive | LockNonBlocking);
        }
        while (result < 0 && Errno.Last == LibC.EINTR);
        if (result == 0)
        {
            return true;
        }

        int errno = Errno.Last;
        if (errno == LibC.EWOULDBLOCK)
        {
            return false;
        }

        Errno.Throw("flock", errno);
        return false;
    }

    /// <summary>True when <paramref name="path"/> still names the file open in <paramref name="file"/> (same device and inode).</summary>
    public static bool IsStillAt(SafeFileHandle file, string path)
    {
        using var lease = new FdLease(file);
        stat open, named;
        if (LibC.fstat(lease.Fd, &open) < 0)
        {
            Errno.Throw("fstat", Errno.Last);
        }

        byte[] name = NulTerminated(path);
        fixed (byte* p = name)
        {
            if (LibC.stat(p, &named) < 0)
            {
                return false; // removed (or replaced) meanwhile
            }
        }

        return open.st_dev == named.st_dev && open.st_ino == named.st_ino;
    }

    /// <summary>Replaces the file's content with <paramref name="content"/>.</summary>
    public static void Rewrite(SafeFileHandle file, ReadOnlySpan<byte> content)
    {
        using var lease = new FdLease(file);
        if (LibC.ftruncate(lease.Fd, 0) < 0)
        {
            Errno.Throw("ftruncate", Errno.Last);
        }

        fixed (byte* p = content)
        {
            long written = LibC.pwrite(lease.Fd, p, (size_t)(ulong)content.Length, 0);
            if (written != content.Length)
            {
                Errno.Throw("pwrite", written < 0 ? Errno.Last : LibC.EIO);
            }
        }
    }

    /// <summary>The first bytes of the file, at most <paramref name="destination"/>'s length; 0 when it cannot be read.</summary>
    public static int ReadStart(SafeFileHandle file, Span<byte> destination)
    {
        using var lease = new FdLease(file);
        fixed (byte* p = destination)
        {
            long read = LibC.pread(lease.Fd, p, (size_t)(ulong)destination.Length, 0);
            return read < 0 ? 0 : checked((int)read);
        }
    }

    private static byte[] NulTerminated(string path) => [.. Encoding.UTF8.GetBytes(path), 0];

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int flock(int fd, int operation);
}
