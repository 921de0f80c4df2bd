using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// The file calls of a copy between qubes, all of them relative to an open directory and none of
/// them following a symbolic link (O_NOFOLLOW, O_EXCL): what a qube's apps plant in its home
/// cannot redirect the agent's reads or writes. Each returns the errno instead of throwing.
/// </summary>
internal static unsafe class NoFollowFiles
{
    /// <summary>AT_FDCWD: a path relative to the working directory (or an absolute one).</summary>
    public const int WorkingDirectory = -100;

    /// <summary>openat(dir, path, flags, mode), retried on EINTR; the descriptor, or -1 and the errno.</summary>
    public static int OpenAt(int directory, string path, int flags, int mode, out int errno)
    {
        byte[] name = [.. Encoding.UTF8.GetBytes(path), 0];
        int fd;
        fixed (byte* p = name)
        {
            do
            {
                fd = LibC.openat(directory, p, flags | LibC.O_CLOEXEC | LibC.O_NOFOLLOW, (mode_t)(uint)mode);
            }
            while (fd < 0 && Errno.Last == LibC.EINTR);
        }

        errno = fd < 0 ? Errno.Last : 0;
        return fd;
    }

    /// <summary>mkdirat(dir, name, mode): 0, or the errno (EEXIST when it is there already).</summary>
    public static int MakeDirectoryAt(int directory, string name, int mode)
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(name), 0];
        fixed (byte* p = bytes)
        {
            return LibC.mkdirat(directory, p, (mode_t)(uint)mode) == 0 ? 0 : Errno.Last;
        }
    }

    /// <summary>unlinkat(dir, name, 0): removes a file (never what a link points to).</summary>
    public static void UnlinkAt(int directory, string name)
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(name), 0];
        fixed (byte* p = bytes)
        {
            _ = LibC.unlinkat(directory, p, 0);
        }
    }

    /// <summary>fstat: the file type bits and the size; false when fstat fails.</summary>
    public static bool TryStat(int fd, out bool isRegular, out bool isDirectory, out long size)
    {
        stat st;
        if (LibC.fstat(fd, &st) < 0)
        {
            (isRegular, isDirectory, size) = (false, false, 0);
            return false;
        }

        (isRegular, isDirectory, size) = (LibC.S_ISREG(st.st_mode), LibC.S_ISDIR(st.st_mode), st.st_size);
        return true;
    }

    /// <summary>write(2) of all of <paramref name="bytes"/>; 0, or the errno.</summary>
    public static int WriteAll(SafeFileHandle file, ReadOnlySpan<byte> bytes)
    {
        using var lease = new FdLease(file);
        while (!bytes.IsEmpty)
        {
            long written;
            fixed (byte* p = bytes)
            {
                written = LibC.write(lease.Fd, p, (size_t)(ulong)bytes.Length);
            }

            if (written < 0)
            {
                if (Errno.Last == LibC.EINTR)
                {
                    continue;
                }

                return Errno.Last;
            }

            bytes = bytes[checked((int)written)..];
        }

        return 0;
    }

    /// <summary>pread(2) at <paramref name="offset"/>: the bytes read (0 at the end), or -errno.</summary>
    public static long ReadAt(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        using var lease = new FdLease(file);
        long read;
        do
        {
            fixed (byte* p = buffer)
            {
                read = LibC.pread(lease.Fd, p, (size_t)(ulong)buffer.Length, offset);
            }
        }
        while (read < 0 && Errno.Last == LibC.EINTR);
        return read < 0 ? -Errno.Last : read;
    }

    public static void Close(int fd) => _ = LibC.close(fd);
}
