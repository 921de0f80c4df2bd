using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>A sealed memfd mapped read-write in the agent. Made by <see cref="MemfdGrantAllocator"/>.</summary>
public sealed class MemfdAgentGrant : IAgentGrant
{
    private readonly SafeFileHandle _memfd;
    private readonly MappingHandle _mapping;

    internal MemfdAgentGrant(SafeFileHandle memfd, MappingHandle mapping)
    {
        _memfd = memfd;
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
    public SafeFileHandle ShareHandle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_memfd.IsClosed, this);
            return _memfd;
        }
    }

    /// <summary>Unmaps, then closes the memfd. The memory is freed once the daemon lets go too.</summary>
    public void Dispose()
    {
        _mapping.Dispose();
        _memfd.Dispose();
    }
}
