namespace GuiVirt.X11;

/// <summary>Xlib event masks.</summary>
[Flags]
public enum EventMask : long
{
    /// <summary>NoEventMask.</summary>
    None = 0,
    /// <summary>KeyPressMask.</summary>
    KeyPress = 1L << 0,
    /// <summary>KeyReleaseMask.</summary>
    KeyRelease = 1L << 1,
    /// <summary>ButtonPressMask.</summary>
    ButtonPress = 1L << 2,
    /// <summary>ButtonReleaseMask.</summary>
    ButtonRelease = 1L << 3,
    /// <summary>EnterWindowMask.</summary>
    EnterWindow = 1L << 4,
    /// <summary>LeaveWindowMask.</summary>
    LeaveWindow = 1L << 5,
    /// <summary>PointerMotionMask.</summary>
    PointerMotion = 1L << 6,
    /// <summary>ExposureMask.</summary>
    Exposure = 1L << 15,
    /// <summary>VisibilityChangeMask.</summary>
    VisibilityChange = 1L << 16,
    /// <summary>StructureNotifyMask.</summary>
    StructureNotify = 1L << 17,
    /// <summary>SubstructureNotifyMask.</summary>
    SubstructureNotify = 1L << 19,
    /// <summary>SubstructureRedirectMask (only one client, the window manager, may select it).</summary>
    SubstructureRedirect = 1L << 20,
    /// <summary>FocusChangeMask.</summary>
    FocusChange = 1L << 21,
    /// <summary>PropertyChangeMask.</summary>
    PropertyChange = 1L << 22,
}
