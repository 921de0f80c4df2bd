namespace GuiVirt.Protocol.Messages;

/// <summary>WINDOW_TYPE's state bits: the EWMH _NET_WM_STATE values that describe what a window is, not where it is.</summary>
[Flags]
public enum WindowTypeStates : uint
{
    /// <summary>No state.</summary>
    None = 0,
    /// <summary>_NET_WM_STATE_MODAL: a dialog that blocks its parent.</summary>
    Modal = 1 << 0,
    /// <summary>_NET_WM_STATE_SKIP_TASKBAR.</summary>
    SkipTaskbar = 1 << 1,
    /// <summary>_NET_WM_STATE_SKIP_PAGER.</summary>
    SkipPager = 1 << 2,
}
