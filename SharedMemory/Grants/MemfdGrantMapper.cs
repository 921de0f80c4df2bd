using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Grants;

/// <summary>
/// Verifies a memfd grant from a qube and maps it read-only. Every check below defends the
/// daemon against the qube that sent the fd; the order of the checks matters (see TryMap).
/// </summary>
public sealed class MemfdGrantMapper : IGrantMapper
{
    private const long PageBytes = 4096;

    /// <inheritdoc />
    public ProtocolViolation TryMap(SafeFileHandle untrustedFd, long requiredBytes, out IMappedGrant? grant, bool exactSize = false)
    {
        ArgumentNullException.ThrowIfNull(untrustedFd);
        grant = null;
        // We own the fd from here on, whatever happens: closing it on every path (including
        // the success path, where the read-only reopen replaces it) means a hostile qube
        // cannot pile up descriptors in the daemon by sending bad grants.
        using (untrustedFd)
        {
            // requiredBytes comes from the validated WINDOW_DUMP (stride <= MaxStride, height
            // <= MaxWindowHeight), so it is in range unless the daemon has a bug.
            if (requiredBytes is < 1 or > Limits.MaxGrantBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(requiredBytes), requiredBytes, $"a grant holds 1 to {Limits.MaxGrantBytes} bytes");
            }
            if (untrustedFd.IsInvalid)
            {
                return ProtocolViolation.GrantNotMemfd;
            }

            // Plausibility: pipes, sockets, devices (/dev/zero) and files on disk are not
            // grants. Not the guarantee (a link target can be spoofed from another mount
            // namespace); the seals below are.
            if (!FileStatus.LooksLikeMemfd(untrustedFd))
            {
                return ProtocolViolation.GrantNotMemfd;
            }

            // Seals BEFORE size: seals can only ever be added, so once SHRINK is present the
            // size we read next is a floor the qube can no longer lower. Read the size first
            // and the qube could shrink in between and seal afterwards.
            // F_GET_SEALS fails for anything but shmem/hugetlbfs; a plain tmpfs file answers
            // SEAL only (the kernel presets it and it forbids adding more), so it can never
            // pass the SHRINK|GROW test either.
            if (!Memfd.TryGetSeals(untrustedFd, out MemfdSeals untrustedSeals))
            {
                return ProtocolViolation.GrantNotMemfd;
            }
            // Without SHRINK the qube could truncate the memfd under our mapping: touching the
            // vanished pages raises SIGBUS and kills the daemon. GROW keeps the size honest
            // for the X server, which maps the whole fd. SEAL is not required: seals the qube
            // might still add (WRITE, FUTURE_WRITE) restrict only the qube itself.
            const MemfdSeals required = MemfdSeals.Shrink | MemfdSeals.Grow;
            if ((untrustedSeals & required) != required)
            {
                return ProtocolViolation.GrantNotSealed;
            }

            if (!FileStatus.TryGetSize(untrustedFd, out long untrustedSize, out bool isRegular) || !isRegular)
            {
                return ProtocolViolation.GrantNotMemfd;
            }
            // Mapping beyond the end of the file would SIGBUS on access just like a shrink.
            if (untrustedSize < requiredBytes)
            {
                return ProtocolViolation.GrantTooSmall;
            }

            // Nor bigger than needed: we map only what we need, but the host X server maps the
            // whole file (MIT-SHM AttachFd), and a sparse 64 TiB memfd costs the qube nothing.
            // A clipboard image's memfd is exactly width x height x 4: its length is part of what
            // the message says, and a daemon that accepted slack would be guessing at the layout.
            long allowed = exactSize ? requiredBytes : (requiredBytes + PageBytes - 1) / PageBytes * PageBytes;
            if (untrustedSize > allowed)
            {
                return ProtocolViolation.GrantTooLarge;
            }

            // The fd may be O_RDWR, and an O_RDWR fd can be mapped writable: a later bug (or the
            // X server) could then write into qube memory the qube reads back. A fresh O_RDONLY
            // open of the same inode makes writable mappings impossible (EACCES). Safe from
            // races: /proc/self/fd/N names our own fd table, which the qube cannot touch.
            SafeFileHandle? readOnly = ProcFd.TryReopenReadOnly(untrustedFd, out _);
            if (readOnly is null)
            {
                return ProtocolViolation.GrantMapFailed;
            }

            // Map exactly what we need, not the qube's chosen file size: a 384 MiB memfd for a
            // 1 KiB window must not cost the daemon 384 MiB of address space.
            MappingHandle? mapping = Mapping.TryMap(readOnly, requiredBytes, writable: false, out _);
            if (mapping is null)
            {
                readOnly.Dispose();
                return ProtocolViolation.GrantMapFailed;
            }

            grant = new MemfdMappedGrant(readOnly, mapping);
            return ProtocolViolation.None;
        }
    }
}
