using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>A memfd descriptor and one mapping of it, released together: what both sides of a grant hold.</summary>
public abstract class MemfdMapping : IDisposable
{
    private readonly SafeFileHandle _fd;
    private readonly MappingHandle _mapping;

    private protected MemfdMapping(SafeFileHandle fd, MappingHandle mapping)
    {
        _fd = fd;
        _mapping = mapping;
    }

    /// <summary>Length of the mapping in bytes.</summary>
    public long Size => _mapping.LengthBytes;

    /// <summary>Start of the mapping; throws once disposed.</summary>
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
            return _mapping.DangerousGetHandle();
        }
    }

    /// <summary>The descriptor; throws once disposed.</summary>
    private protected SafeFileHandle Fd
    {
        get
        {
            ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
            return _fd;
        }
    }

    /// <summary>Unmaps, then closes the descriptor. The memory is freed once the other side lets go too.</summary>
    public void Dispose()
    {
        _mapping.Dispose();
        _fd.Dispose();
        GC.SuppressFinalize(this);
    }
}
