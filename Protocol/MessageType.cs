namespace GuiVirt.Protocol;

/// <summary>
/// Message ids, the same numbers as the Qubes GUI protocol 1.8 (and 150..162, GuiVirt extensions). The comment on each says who may
/// send it; MessageTypes holds the table the reader enforces.
/// </summary>
public enum MessageType : uint
{
    /// <summary>Daemon to agent: a key was pressed or released on the qube's window.</summary>
    KeyPress = 124,
    /// <summary>Daemon to agent: a pointer button was pressed or released.</summary>
    Button = 125,
    /// <summary>Daemon to agent: the pointer moved.</summary>
    Motion = 126,
    /// <summary>Daemon to agent: the pointer entered or left the window.</summary>
    Crossing = 127,
    /// <summary>Daemon to agent: the window gained or lost the keyboard focus.</summary>
    Focus = 128,
    /// <summary>Obsolete in Qubes; a violation here.</summary>
    Resize = 129,
    /// <summary>Agent to daemon: a new window exists (not yet mapped).</summary>
    Create = 130,
    /// <summary>Agent to daemon: the window is gone. Daemon to agent: acknowledgement, the id may be reused.</summary>
    Destroy = 131,
    /// <summary>Agent to daemon: show the window. Daemon to agent: the user restored it.</summary>
    Map = 132,
    /// <summary>Agent to daemon: hide the window.</summary>
    Unmap = 133,
    /// <summary>Both ways: the window moved or changed size.</summary>
    Configure = 134,
    /// <summary>Obsolete in Qubes (Xen MFN dumps); a violation here.</summary>
    MfnDump = 135,
    /// <summary>Agent to daemon: a rectangle of the window's grant holds new pixels.</summary>
    ShmImage = 136,
    /// <summary>Daemon to agent: the user asked to close the window.</summary>
    Close = 137,
    /// <summary>Obsolete in Qubes; a violation here.</summary>
    Execute = 138,
    /// <summary>Daemon to agent: send your CLIPBOARD selection.</summary>
    ClipboardRequest = 139,
    /// <summary>Both ways: clipboard text (agent: the answer to a request; daemon: a paste).</summary>
    ClipboardData = 140,
    /// <summary>Agent to daemon: the window's title.</summary>
    WindowName = 141,
    /// <summary>Daemon to agent: which keys are down (sent on focus-in, releases stuck keys).</summary>
    KeymapNotify = 142,
    /// <summary>Agent to daemon: the window is a tray icon.</summary>
    Dock = 143,
    /// <summary>Agent to daemon: size hints (WM_NORMAL_HINTS).</summary>
    WindowHints = 144,
    /// <summary>Both ways: fullscreen, demands-attention and minimize flags.</summary>
    WindowFlags = 145,
    /// <summary>Agent to daemon: WM_CLASS.</summary>
    WindowClass = 146,
    /// <summary>Agent to daemon: the window's new pixel buffer (grant), with its file descriptor.</summary>
    WindowDump = 147,
    /// <summary>Agent to daemon: the pointer shape, as an X11 cursor-font id.</summary>
    Cursor = 148,
    /// <summary>Daemon to agent: the previous grant of this window is no longer used and may be freed.</summary>
    WindowDumpAck = 149,
    /// <summary>Agent to daemon: the window's EWMH type (dialog, menu, ...) and modal/skip-taskbar states. A GuiVirt extension.</summary>
    WindowType = 150,
    /// <summary>Daemon to agent: the host's XKB keyboard layout (rules, model, layout, variant, options) and locked group. A GuiVirt extension.</summary>
    KeyboardLayout = 151,
    /// <summary>Daemon to agent: the keysyms of one keycode the host remapped at run time (MappingNotify). A GuiVirt extension.</summary>
    Keysyms = 152,
    /// <summary>Daemon to agent: send the file at this path of the qube (a file copy between qubes). A GuiVirt extension.</summary>
    FileSend = 153,
    /// <summary>Both ways: a file's name and size (agent: the source announces it; daemon: the target is to create it). A GuiVirt extension.</summary>
    FileHeader = 154,
    /// <summary>Both ways: the next bytes of the file, 1 to <see cref="Limits.FileChunkBytes"/>. A GuiVirt extension.</summary>
    FileData = 155,
    /// <summary>Both ways: every byte of the file has been sent. A GuiVirt extension.</summary>
    FileEnd = 156,
    /// <summary>Both ways: agent (the target): one FILE_DATA or FILE_END written; daemon (to the source): one more FILE_DATA may be sent. A GuiVirt extension.</summary>
    FileAck = 157,
    /// <summary>Agent to daemon: the file cannot be read (source) or written (target), with a reason code. A GuiVirt extension.</summary>
    FileError = 158,
    /// <summary>Both ways: daemon: the copy is over, stop sending and remove a partial file; agent: done, nothing more of it will come. A GuiVirt extension.</summary>
    FileCancel = 159,
    /// <summary>
    /// Both ways: a clipboard image as raw RGBA pixels, width x height, in a sealed memfd passed with the message (agent: the
    /// answer to a request; daemon: a paste). A GuiVirt extension.
    /// </summary>
    ClipboardImage = 160,
    /// <summary>
    /// Agent to daemon: the window's icon (_NET_WM_ICON) as raw ARGB pixels, at most
    /// <see cref="Limits.MaxWindowIconSide"/> on a side, inline in the body. A GuiVirt extension.
    /// </summary>
    WindowIcon = 161,
    /// <summary>
    /// Daemon to agent: the host's screen size and its monitors (at most <see cref="Limits.MaxMonitors"/>), sent at
    /// connect and whenever they change, so the qube's screen and RandR monitors follow the host's. A GuiVirt extension.
    /// </summary>
    ScreenConfig = 162,
    /// <summary>
    /// Agent to daemon: CREATE for a window with a 32-bit ARGB visual (same body as CREATE). The
    /// daemon shows it translucent over a backdrop in the label colour at the configured opacity
    /// floor, in its opaque frame. A GuiVirt extension.
    /// </summary>
    CreateArgb = 163,
}
