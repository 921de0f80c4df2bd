using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Agent side of one grant: a read-write mapping the agent writes pixels into, and the handle
/// that shares it. Disposing unmaps and closes; the daemon's own mapping, if any, stays valid.
/// </summary>
public interface IAgentGrant : IDisposable
{
    /// <summary>Size in bytes, as allocated.</summary>
    long Size { get; }

    /// <summary>Start of the read-write mapping of <see cref="Size"/> bytes; invalid after Dispose.</summary>
    nint Address { get; }

    /// <summary>
    /// What is sent to the daemon (for memfd: the fd, passed with SCM_RIGHTS). Stays owned by the
    /// grant: senders pass the descriptor, they do not close it.
    /// </summary>
    SafeFileHandle ShareHandle { get; }
}
