using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Daemon side of one verified grant: a read-only mapping and a read-only handle. Disposing
/// unmaps and closes; the qube's writes can still change the bytes, never the size.
/// </summary>
public interface IMappedGrant : IDisposable
{
    /// <summary>Mapped size in bytes: exactly the required size the daemon asked for.</summary>
    long Size { get; }

    /// <summary>Start of the PROT_READ mapping of <see cref="Size"/> bytes; invalid after Dispose.</summary>
    nint Address { get; }

    /// <summary>
    /// A read-only handle to the same buffer, to hand to the X server (dup it first:
    /// xcb_shm_attach_fd closes the fd it is given). Owned by the grant.
    /// </summary>
    SafeFileHandle ReadOnlyHandle { get; }
}
