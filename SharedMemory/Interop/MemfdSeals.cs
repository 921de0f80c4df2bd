namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// memfd seals (fcntl F_ADD_SEALS / F_GET_SEALS). The values are the Linux ABI
/// (include/uapi/linux/fcntl.h) and never change; a test compares them with Tmds.Linux.
/// </summary>
[Flags]
internal enum MemfdSeals
{
    None = 0,
    /// <summary>No further seals may be added (F_SEAL_SEAL).</summary>
    Seal = 0x1,
    /// <summary>The file may not shrink (F_SEAL_SHRINK).</summary>
    Shrink = 0x2,
    /// <summary>The file may not grow (F_SEAL_GROW).</summary>
    Grow = 0x4,
    /// <summary>The contents may not change (F_SEAL_WRITE).</summary>
    Write = 0x8,
}
