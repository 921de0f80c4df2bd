namespace GuiVirt.X11;

/// <summary>The X events this project handles; the rest come as <see cref="Other"/>.</summary>
public enum XEventKind
{
    /// <summary>Anything not listed.</summary>
    Other,
    /// <summary>KeyPress.</summary>
    KeyPress,
    /// <summary>KeyRelease.</summary>
    KeyRelease,
    /// <summary>ButtonPress.</summary>
    ButtonPress,
    /// <summary>ButtonRelease.</summary>
    ButtonRelease,
    /// <summary>MotionNotify.</summary>
    Motion,
    /// <summary>EnterNotify.</summary>
    Enter,
    /// <summary>LeaveNotify.</summary>
    Leave,
    /// <summary>FocusIn.</summary>
    FocusIn,
    /// <summary>FocusOut.</summary>
    FocusOut,
    /// <summary>Expose.</summary>
    Expose,
    /// <summary>VisibilityNotify (Detail: 0 unobscured, 1 partly, 2 fully obscured).</summary>
    Visibility,
    /// <summary>CreateNotify.</summary>
    Create,
    /// <summary>DestroyNotify.</summary>
    Destroy,
    /// <summary>UnmapNotify.</summary>
    Unmap,
    /// <summary>MapNotify.</summary>
    Map,
    /// <summary>MapRequest (we are the window manager).</summary>
    MapRequest,
    /// <summary>ReparentNotify.</summary>
    Reparent,
    /// <summary>ConfigureNotify.</summary>
    Configure,
    /// <summary>ConfigureRequest (we are the window manager).</summary>
    ConfigureRequest,
    /// <summary>CirculateRequest (we are the window manager).</summary>
    CirculateRequest,
    /// <summary>PropertyNotify.</summary>
    Property,
    /// <summary>SelectionClear.</summary>
    SelectionClear,
    /// <summary>SelectionRequest.</summary>
    SelectionRequest,
    /// <summary>SelectionNotify.</summary>
    SelectionNotify,
    /// <summary>ClientMessage.</summary>
    ClientMessage,
    /// <summary>Damage's DamageNotify.</summary>
    Damage,
    /// <summary>XFixes' CursorNotify.</summary>
    CursorChange,
    /// <summary>MappingNotify or XKB's MapNotify: Mode is the request (0 modifiers, 1 keyboard, 2 pointer); for a core one Detail is the first keycode, Width the count.</summary>
    Mapping,
    /// <summary>XKB's StateNotify for the locked group (after <see cref="XDisplay.WatchKeyboard"/>).</summary>
    KeyboardGroup,
}
