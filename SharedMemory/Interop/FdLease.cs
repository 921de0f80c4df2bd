using System.Runtime.InteropServices;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// Borrows the raw descriptor of a <see cref="SafeHandle"/> for the duration of one native
/// call. The reference count keeps another thread's Dispose from closing the fd (and the kernel
/// from handing the same number to something else) while native code still uses it.
/// </summary>
internal ref struct FdLease
{
    private readonly SafeHandle? _handle;
    private bool _added;

    /// <summary>Leases <paramref name="handle"/>; a null handle leases nothing and gives fd -1.</summary>
    public FdLease(SafeHandle? handle)
    {
        _handle = handle;
        _added = false;
        // Throws ObjectDisposedException when the handle is already closed: a bug, not a peer's doing.
        handle?.DangerousAddRef(ref _added);
        Fd = handle is null ? -1 : checked((int)handle.DangerousGetHandle());
    }

    /// <summary>The raw descriptor; valid until <see cref="Dispose"/>.</summary>
    public int Fd { get; }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle!.DangerousRelease();
        }
    }
}
