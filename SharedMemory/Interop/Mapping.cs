using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>mmap of a whole file from offset 0, always MAP_SHARED (a grant is shared by definition).</summary>
internal static unsafe class Mapping
{
    /// <summary>mmap; null and the errno on failure (EACCES: PROT_WRITE on an O_RDONLY fd).</summary>
    public static MappingHandle? TryMap(SafeFileHandle file, long lengthBytes, bool writable, out int errno)
    {
        if (lengthBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lengthBytes), lengthBytes, "a mapping needs at least one byte");
        }
        using var lease = new FdLease(file);
        int protection = writable ? LibC.PROT_READ | LibC.PROT_WRITE : LibC.PROT_READ;
        void* address = LibC.mmap(null, (size_t)(ulong)lengthBytes, protection, LibC.MAP_SHARED, lease.Fd, 0);
        if (address == LibC.MAP_FAILED)
        {
            errno = Errno.Last;
            return null;
        }
        errno = 0;
        return new MappingHandle((nint)address, lengthBytes);
    }

    /// <summary>mmap; throws on failure.</summary>
    public static MappingHandle Map(SafeFileHandle file, long lengthBytes, bool writable)
    {
        MappingHandle? mapping = TryMap(file, lengthBytes, writable, out int errno);
        if (mapping is null)
        {
            Errno.Throw("mmap", errno);
        }
        return mapping;
    }
}
