using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>A sealed memfd mapped read-write in the agent. Made by <see cref="MemfdGrantAllocator"/>.</summary>
public sealed class MemfdAgentGrant : MemfdMapping, IAgentGrant
{
    internal MemfdAgentGrant(SafeFileHandle memfd, MappingHandle mapping)
        : base(memfd, mapping)
    {
    }

    /// <inheritdoc />
    public SafeFileHandle ShareHandle => Fd;
}
