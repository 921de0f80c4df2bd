using GuiVirt.Protocol;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Daemon side: checks a grant that a qube sent and maps it read-only. Backend-neutral, like
/// <see cref="IGrantAllocator"/>.
/// </summary>
public interface IGrantMapper
{
    /// <summary>
    /// Verifies <paramref name="untrustedFd"/> and maps its first <paramref name="requiredBytes"/>
    /// bytes read-only. Never throws for anything the peer controls: every way the fd can be
    /// wrong is a <see cref="ProtocolViolation"/> (<see cref="ProtocolViolation.GrantNotMemfd"/>,
    /// <see cref="ProtocolViolation.GrantNotSealed"/>, <see cref="ProtocolViolation.GrantTooSmall"/>,
    /// <see cref="ProtocolViolation.GrantMapFailed"/>), and <see cref="ProtocolViolation.None"/> on success.
    /// </summary>
    /// <param name="untrustedFd">
    /// The fd as received. Ownership passes to the mapper in every case, including exceptions:
    /// it is closed on failure and may be closed on success (the grant keeps its own handle).
    /// </param>
    /// <param name="requiredBytes">
    /// stride x height of the validated WINDOW_DUMP: 1 to <see cref="Limits.MaxGrantBytes"/>.
    /// Computed by the daemon, not sent by the peer, so a value outside that range is a bug.
    /// </param>
    /// <param name="grant">The mapping on success, else null.</param>
    /// <param name="exactSize">
    /// True when the grant must hold exactly <paramref name="requiredBytes"/> (CLIPBOARD_IMAGE);
    /// false allows the size rounded up to a page (WINDOW_DUMP).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requiredBytes"/> is out of range (a caller bug).</exception>
    ProtocolViolation TryMap(SafeFileHandle untrustedFd, long requiredBytes, out IMappedGrant? grant, bool exactSize = false);
}
