namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Agent side: allocates grants, the buffers the agent fills with pixels and shares with the
/// daemon. Backend-neutral: memfd today (<see cref="MemfdGrantAllocator"/>), Xen gntalloc or a
/// QEMU ivshmem region later.
/// </summary>
public interface IGrantAllocator
{
    /// <summary>
    /// Allocates and maps a grant of exactly <paramref name="sizeBytes"/> bytes, read-write,
    /// ready to be shared.
    /// </summary>
    /// <param name="sizeBytes">1 to <see cref="Protocol.Limits.MaxGrantBytes"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is outside that range.</exception>
    /// <exception cref="IOException">The system refused (out of memory, too many fds, ...).</exception>
    IAgentGrant Allocate(long sizeBytes);
}
