using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Allocates grants as sealed memfds: created with MFD_ALLOW_SEALING|MFD_CLOEXEC, sized, then
/// sealed SHRINK|GROW|SEAL before anyone else can see the fd, and mapped read-write.
/// </summary>
public sealed class MemfdGrantAllocator : IGrantAllocator
{
    // Shows up in /proc/PID/fd as "/memfd:guivirt-grant (deleted)"; nothing relies on it.
    private const string MemfdName = "guivirt-grant";

    /// <inheritdoc />
    public IAgentGrant Allocate(long sizeBytes)
    {
        if (sizeBytes is < 1 or > Limits.MaxGrantBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBytes), sizeBytes, $"a grant holds 1 to {Limits.MaxGrantBytes} bytes");
        }

        SafeFileHandle memfd = Memfd.Create(MemfdName);
        try
        {
            Memfd.SetSize(memfd, sizeBytes);
            // The daemon refuses a grant without SHRINK and GROW: a shrink under its mapping
            // would SIGBUS it. SEAL makes the set final, so nobody who gets the fd can add
            // WRITE (which would fail our own writes) or anything else later.
            Memfd.AddSeals(memfd, MemfdSeals.Shrink | MemfdSeals.Grow | MemfdSeals.Seal);
            MappingHandle mapping = Mapping.Map(memfd, sizeBytes, writable: true);
            return new MemfdAgentGrant(memfd, mapping);
        }
        catch
        {
            memfd.Dispose();
            throw;
        }
    }
}
