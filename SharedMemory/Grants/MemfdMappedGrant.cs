using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>A verified, sealed memfd mapped read-only in the daemon. Made by <see cref="MemfdGrantMapper"/>.</summary>
public sealed class MemfdMappedGrant : IMappedGrant
{
    private readonly SafeFileHandle _readOnly;
    private readonly MappingHandle _mapping;

    internal MemfdMappedGrant(SafeFileHandle readOnly, MappingHandle mapping)
    {
        _readOnly = readOnly;
        _mapping = mapping;
    }

    /// <inheritdoc />
    public long Size => _mapping.LengthBytes;

    /// <inheritdoc />
    public nint Address
    {
        get
        {
            ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
            return _mapping.DangerousGetHandle();
        }
    }

    /// <inheritdoc />
    public SafeFileHandle ReadOnlyHandle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_readOnly.IsClosed, this);
            return _readOnly;
        }
    }

    /// <summary>Unmaps and closes the read-only fd.</summary>
    public void Dispose()
    {
        _mapping.Dispose();
        _readOnly.Dispose();
    }
}
