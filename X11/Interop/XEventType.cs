namespace GuiVirt.X11.Interop;

/// <summary>The core X event codes (X.h), for decoding <see cref="XEvent"/> and writing events to send.</summary>
internal static class XEventType
{
    /// <summary>The bit the server sets in the type of an event that came from SendEvent.</summary>
    public const int SentByClient = 0x80;

    public const int KeyPress = 2;
    public const int KeyRelease = 3;
    public const int ButtonPress = 4;
    public const int ButtonRelease = 5;
    public const int MotionNotify = 6;
    public const int EnterNotify = 7;
    public const int LeaveNotify = 8;
    public const int FocusIn = 9;
    public const int FocusOut = 10;
    public const int Expose = 12;
    public const int VisibilityNotify = 15;
    public const int CreateNotify = 16;
    public const int DestroyNotify = 17;
    public const int UnmapNotify = 18;
    public const int MapNotify = 19;
    public const int MapRequest = 20;
    public const int ReparentNotify = 21;
    public const int ConfigureNotify = 22;
    public const int ConfigureRequest = 23;
    public const int CirculateRequest = 27;
    public const int PropertyNotify = 28;
    public const int SelectionClear = 29;
    public const int SelectionRequest = 30;
    public const int SelectionNotify = 31;
    public const int ClientMessage = 33;
}
