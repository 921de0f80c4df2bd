using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>fstat and the memfd identity test.</summary>
internal static unsafe class FileStatus
{
    // What readlink("/proc/self/fd/N") starts with for every memfd, whatever name it was given.
    private static ReadOnlySpan<byte> MemfdLinkPrefix => "/memfd:"u8;

    /// <summary>
    /// fstat: the size and whether it is a regular file (memfds are S_IFREG). False when fstat
    /// fails; never throws for a peer's fd.
    /// </summary>
    public static bool TryGetSize(SafeFileHandle file, out long sizeBytes, out bool isRegular)
    {
        using var lease = new FdLease(file);
        stat st;
        if (LibC.fstat(lease.Fd, &st) < 0)
        {
            sizeBytes = 0;
            isRegular = false;
            return false;
        }
        sizeBytes = st.st_size;
        isRegular = LibC.S_ISREG(st.st_mode);
        return true;
    }

    /// <summary>
    /// True when /proc/self/fd/N reads "/memfd:...". A cheap plausibility test that rules out
    /// pipes, sockets, devices and ordinary files; it is not the security guarantee (a file
    /// in another mount namespace could be named like that): the seals checked afterwards are.
    /// </summary>
    public static bool LooksLikeMemfd(SafeFileHandle file)
    {
        using var lease = new FdLease(file);
        // Only the prefix matters; readlink silently truncates a longer target, which is fine.
        Span<byte> target = stackalloc byte[64];
        byte* path = stackalloc byte[ProcFd.PathBufferBytes];
        ProcFd.WritePath(lease.Fd, new Span<byte>(path, ProcFd.PathBufferBytes));
        long length;
        fixed (byte* t = target)
        {
            length = LibC.readlink(path, t, (size_t)(ulong)target.Length);
        }
        return length > 0 && target[..checked((int)length)].StartsWith(MemfdLinkPrefix);
    }
}
