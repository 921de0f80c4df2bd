using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// Paths under /proc/self/fd and reopening through them. Reopening creates a new open file
/// description of the same inode with access mode of our choosing, which is the only way to
/// drop the write access of an fd a peer handed us (fcntl cannot change O_RDWR).
/// </summary>
internal static unsafe class ProcFd
{
    /// <summary>Room for "/proc/self/fd/" + 10 digits + NUL.</summary>
    public const int PathBufferBytes = 32;

    /// <summary>Writes the NUL-terminated "/proc/self/fd/N" into <paramref name="destination"/>.</summary>
    public static void WritePath(int fd, Span<byte> destination)
    {
        ReadOnlySpan<byte> prefix = "/proc/self/fd/"u8;
        prefix.CopyTo(destination);
        if (!fd.TryFormat(destination[prefix.Length..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("fd path buffer too small");
        }
        destination[prefix.Length + digits] = 0;
    }

    /// <summary>
    /// open("/proc/self/fd/N", O_RDONLY|O_CLOEXEC). Null and the errno on failure. CLOEXEC so
    /// the read-only grant does not leak into processes the daemon starts.
    /// </summary>
    public static SafeFileHandle? TryReopenReadOnly(SafeFileHandle file, out int errno)
    {
        using var lease = new FdLease(file);
        byte* path = stackalloc byte[PathBufferBytes];
        WritePath(lease.Fd, new Span<byte>(path, PathBufferBytes));
        int fd;
        do
        {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }
        while (fd < 0 && Errno.Last == LibC.EINTR);
        if (fd < 0)
        {
            errno = Errno.Last;
            return null;
        }
        errno = 0;
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
