namespace GuiVirt.Protocol.Messages;

/// <summary>WINDOW_HINTS flags, the XSizeHints bits of ICCCM's WM_NORMAL_HINTS.</summary>
[Flags]
public enum SizeHintFlags : uint
{
    /// <summary>No hints.</summary>
    None = 0,
    /// <summary>User-specified position.</summary>
    UserPosition = 1 << 0,
    /// <summary>User-specified size.</summary>
    UserSize = 1 << 1,
    /// <summary>Program-specified position.</summary>
    ProgramPosition = 1 << 2,
    /// <summary>Program-specified size.</summary>
    ProgramSize = 1 << 3,
    /// <summary>Minimum size is valid.</summary>
    MinSize = 1 << 4,
    /// <summary>Maximum size is valid.</summary>
    MaxSize = 1 << 5,
    /// <summary>Resize increments are valid.</summary>
    ResizeIncrement = 1 << 6,
    /// <summary>Aspect ratios (not carried by this message).</summary>
    Aspect = 1 << 7,
    /// <summary>Base size is valid.</summary>
    BaseSize = 1 << 8,
    /// <summary>Window gravity (not carried by this message).</summary>
    WindowGravity = 1 << 9,
}
