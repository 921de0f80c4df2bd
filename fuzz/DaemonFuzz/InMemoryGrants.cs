using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.DaemonFuzz;

/// <summary>
/// The grant backend in memory: takes ownership of each descriptor as the real mapper does and
/// hands out fake mappings, checking the session keeps the mapper's contract (a required size
/// in range, a descriptor it still owns) and releases every mapping it was given.
/// </summary>
internal sealed class InMemoryGrants(bool refuseAll) : IGrantMapper
{
    private readonly List<Grant> _grants = [];
    private nint _nextAddress = 0x1000_0000;

    /// <summary>Bytes of grants mapped and not released.</summary>
    public long LiveBytes => _grants.Where(grant => !grant.Disposed).Sum(grant => grant.Size);

    public ProtocolViolation TryMap(SafeFileHandle untrustedFd, long requiredBytes, out IMappedGrant? grant, bool exactSize = false)
    {
        grant = null;
        if (untrustedFd.IsClosed || untrustedFd.IsInvalid)
        {
            throw new InvariantException("the session gave the mapper a descriptor it had already closed");
        }

        untrustedFd.Dispose(); // the mapper owns it in every case
        if (requiredBytes is < 1 or > Limits.MaxGrantBytes)
        {
            throw new InvariantException($"the session asked to map {requiredBytes} bytes, outside 1 to {Limits.MaxGrantBytes}");
        }

        if (refuseAll)
        {
            return ProtocolViolation.GrantNotSealed;
        }

        if (exactSize)
        {
            // A clipboard image: the daemon copies its bytes, so this one is real memory.
            var image = new Grant(requiredBytes);
            _grants.Add(image);
            grant = image;
            return ProtocolViolation.None;
        }

        var mapped = new Grant(_nextAddress, requiredBytes);
        _nextAddress = checked(_nextAddress + (nint)requiredBytes + 0x1000);
        _grants.Add(mapped);
        grant = mapped;
        return ProtocolViolation.None;
    }

    /// <summary>Whether [address, address + bytes) lies inside one mapping that is still live.</summary>
    public bool IsMapped(nint address, long bytes) =>
        _grants.Any(grant => !grant.Disposed && address >= grant.Address && address - grant.Address + bytes <= grant.Size);

    /// <summary>After the session is gone: every mapping it was given is released.</summary>
    public void CheckAllReleased()
    {
        if (_grants.Any(grant => !grant.Disposed))
        {
            throw new InvariantException("a grant stayed mapped after the qube was disconnected");
        }
    }

    private sealed class Grant(nint address, long size) : IMappedGrant
    {
        private readonly SafeFileHandle _handle = new(-1, ownsHandle: false);
        private readonly bool _owned;

        /// <summary>Real memory of <paramref name="size"/> bytes (not zeroed: its bytes are only copied), freed on Dispose.</summary>
        public Grant(long size)
            : this(System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)size), size) => _owned = true;

        public long Size { get; } = size;

        public nint Address { get; } = address;

        public SafeFileHandle ReadOnlyHandle => Disposed ? throw new InvariantException("a released grant's handle was used") : _handle;

        public bool Disposed { get; private set; }

        public void Dispose()
        {
            if (_owned && !Disposed)
            {
                System.Runtime.InteropServices.Marshal.FreeHGlobal(Address);
            }

            Disposed = true;
        }
    }
}
