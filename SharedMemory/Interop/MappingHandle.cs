using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// One mmap'ed region; releasing it munmaps. A SafeHandle so a forgotten Dispose still unmaps
/// (from the finalizer) instead of leaking up to 384 MiB of address space per grant.
/// </summary>
internal sealed unsafe class MappingHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MappingHandle(nint address, long lengthBytes)
        : base(ownsHandle: true)
    {
        SetHandle(address);
        LengthBytes = lengthBytes;
    }

    /// <summary>The length passed to mmap (and to munmap).</summary>
    public long LengthBytes { get; }

    protected override bool ReleaseHandle() =>
        LibC.munmap((void*)handle, (size_t)(ulong)LengthBytes) == 0;
}
