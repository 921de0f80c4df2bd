using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>A verified, sealed memfd mapped read-only in the daemon. Made by <see cref="MemfdGrantMapper"/>.</summary>
public sealed class MemfdMappedGrant : MemfdMapping, IMappedGrant
{
    internal MemfdMappedGrant(SafeFileHandle readOnly, MappingHandle mapping)
        : base(readOnly, mapping)
    {
    }

    /// <inheritdoc />
    public SafeFileHandle ReadOnlyHandle => Fd;
}
