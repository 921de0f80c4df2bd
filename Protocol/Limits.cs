namespace GuiVirt.Protocol;

/// <summary>
/// Every bound of the protocol, in one place. A value from a qube outside these bounds is a
/// protocol violation; the daemon may apply tighter, configured bounds on top (for example the
/// per-qube clipboard size), never looser ones.
/// </summary>
public static class Limits
{
    /// <summary>Widest window, in pixels (Qubes MAX_WINDOW_WIDTH).</summary>
    public const int MaxWindowWidth = 16384;

    /// <summary>Tallest window, in pixels (Qubes MAX_WINDOW_HEIGHT).</summary>
    public const int MaxWindowHeight = 6144;

    /// <summary>
    /// Largest absolute window coordinate. X11 positions are 16-bit signed, so anything beyond
    /// cannot be shown anyway; the daemon clamps further to the host screen.
    /// </summary>
    public const int MaxCoordinate = 32767;

    /// <summary>Bytes per pixel of every grant: 32-bit BGRX, the X server's ZPixmap at depth 24.</summary>
    public const int BytesPerPixel = 4;

    /// <summary>The only pixel depth a WINDOW_DUMP may announce (its <c>bpp</c> field, as in Qubes).</summary>
    public const uint DumpBitsPerPixel = 24;

    /// <summary>Largest row stride of a grant, in bytes: the widest window at 4 bytes a pixel.</summary>
    public const int MaxStride = MaxWindowWidth * BytesPerPixel;

    /// <summary>Largest grant a window can need: <see cref="MaxStride"/> x <see cref="MaxWindowHeight"/> (384 MiB).</summary>
    public const long MaxGrantBytes = (long)MaxStride * MaxWindowHeight;

    /// <summary>Size of the fixed, NUL-padded title buffer of WMNAME (title at most 127 bytes).</summary>
    public const int TitleBytes = 128;

    /// <summary>Size of each of WMCLASS's two NUL-padded buffers (res_class, res_name; at most 63 bytes each).</summary>
    public const int ClassPartBytes = 64;

    /// <summary>Size of KEYMAP_NOTIFY's key bitmap (256 keycodes, one bit each).</summary>
    public const int KeymapBytes = 32;

    /// <summary>Hard upper bound of one CLIPBOARD_DATA body; the configured per-qube limit may only be lower.</summary>
    public const int MaxClipboardBytes = 256_000;

    /// <summary>Default clipboard limit the daemon applies when the configuration says nothing.</summary>
    public const int DefaultClipboardBytes = 64_000;

    /// <summary>
    /// Widest and tallest CLIPBOARD_IMAGE, in pixels: 4096 x 4096 RGBA is 64 MiB, the most one copy
    /// may hold. Larger images are refused by the source's agent; a CLIPBOARD_IMAGE that announces
    /// more is a violation.
    /// </summary>
    public const int MaxClipboardImageSide = 4096;

    /// <summary>Bytes per pixel of a clipboard image: R, G, B, A (unpremultiplied), one byte each.</summary>
    public const int ClipboardImageBytesPerPixel = 4;

    /// <summary>
    /// Widest and tallest WINDOW_ICON, in pixels: the agent picks the largest _NET_WM_ICON image
    /// within it. 128 x 128 ARGB is 64 KiB, small enough to travel inline in the body.
    /// </summary>
    public const int MaxWindowIconSide = 128;

    /// <summary>
    /// Widest and tallest window a qube may DOCK as a tray icon: the daemon reads a docked window's
    /// pixels itself (to tint them), so at most 128 x 128 x 4 = 64 KiB a redraw.
    /// </summary>
    public const int MaxTrayIconSide = 128;

    /// <summary>Most windows one qube may have docked at once: each is an icon in the host's tray.</summary>
    public const int MaxTrayIcons = 32;

    /// <summary>Bytes per pixel of a window icon: one little-endian 0xAARRGGBB word (B, G, R, A in memory), unpremultiplied, as _NET_WM_ICON.</summary>
    public const int WindowIconBytesPerPixel = 4;

    /// <summary>Largest WINDOW_ICON body: width, height, then <see cref="MaxWindowIconSide"/> squared pixels.</summary>
    public const int MaxWindowIconBodyBytes = 8 + (MaxWindowIconSide * MaxWindowIconSide * WindowIconBytesPerPixel);

    /// <summary>Largest body of any message: the clipboard. The reader never buffers more than header + this.</summary>
    public const int MaxBodyBytes = MaxClipboardBytes;

    /// <summary>Most file descriptors that may travel with one message (WINDOW_DUMP and CLIPBOARD_IMAGE carry exactly one).</summary>
    public const int MaxFdsPerMessage = 1;

    /// <summary>CURSOR: the id that means "the default cursor".</summary>
    public const uint CursorDefault = 0;

    /// <summary>CURSOR: first X11 cursor-font id (0x100 + XC_X_cursor).</summary>
    public const uint CursorX11First = 0x100;

    /// <summary>CURSOR: one past the last X11 cursor-font id (0x100 + XC_num_glyphs).</summary>
    public const uint CursorX11End = 0x19a;

    /// <summary>Highest X keycode; the lowest the core protocol allows is <see cref="MinKeycode"/>.</summary>
    public const uint MaxKeycode = 255;

    /// <summary>Lowest X keycode.</summary>
    public const uint MinKeycode = 8;

    /// <summary>Highest pointer button number (the core protocol's CARD8; 0 means AnyButton and is invalid).</summary>
    public const uint MaxButton = 255;

    /// <summary>Modifier and button state bits an input event may carry (Shift .. Button5, X11 core).</summary>
    public const uint InputStateMask = 0x1FFF;

    /// <summary>WINDOW_HINTS flags this protocol knows (XSizeHints: USPosition .. PWinGravity).</summary>
    public const uint HintsFlagsMask = 0x3FF;

    /// <summary>WINDOW_FLAGS bits this protocol knows (fullscreen, demands-attention, minimize).</summary>
    public const uint WindowFlagsMask = 0x7;

    /// <summary>The highest WINDOW_TYPE type (<see cref="Messages.WindowKind.DragAndDrop"/>); desktop and dock have no value.</summary>
    public const uint MaxWindowKind = 11;

    /// <summary>WINDOW_TYPE state bits this protocol knows (modal, skip-taskbar, skip-pager).</summary>
    public const uint WindowTypeStatesMask = 0x7;

    /// <summary>Each of KEYBOARD_LAYOUT's five name fields (at most 63 bytes each, NUL-padded).</summary>
    public const int KeyboardNameBytes = 64;

    /// <summary>KEYBOARD_LAYOUT's name fields: rules, model, layout, variant, options (_XKB_RULES_NAMES).</summary>
    public const int KeyboardNameCount = 5;

    /// <summary>The highest XKB group (four groups, 0..3).</summary>
    public const uint MaxKeyboardGroup = 3;

    /// <summary>
    /// Most monitors one SCREEN_CONFIG carries (its fixed array of slots). RandR 1.5 sets no limit;
    /// sixteen is far more than any desk has, and a host with more sends its first sixteen.
    /// </summary>
    public const int MaxMonitors = 16;

    /// <summary>SCREEN_CONFIG's body: width, height, count, then <see cref="MaxMonitors"/> slots of x, y, width, height.</summary>
    public const int ScreenConfigBodyBytes = 12 + (MaxMonitors * 16);

    /// <summary>KEYSYMS' keysym slots per keycode (two groups of four levels); unused slots are NoSymbol (0).</summary>
    public const int KeysymsPerKeycode = 8;

    /// <summary>The highest keysym: X11 says the top three bits of a keysym are always zero.</summary>
    public const uint MaxKeysym = 0x1FFFFFFF;

    /// <summary>FILE_SEND's path field: at most 4095 bytes of UTF-8 (PATH_MAX with its NUL), NUL-padded.</summary>
    public const int FilePathBytes = 4096;

    /// <summary>FILE_HEADER's name field: one path component of 1 to 255 bytes (NAME_MAX), NUL-padded.</summary>
    public const int FileNameBytes = 256;

    /// <summary>FILE_HEADER's source-qube field (daemon to target only; zero from an agent): a qube name of at most 31 bytes, NUL-padded.</summary>
    public const int FileFromBytes = 32;

    /// <summary>Largest FILE_DATA body. The daemon relays chunk by chunk and never holds more than <see cref="FileChunksInFlight"/> of them for a target.</summary>
    public const int FileChunkBytes = 64 * 1024;

    /// <summary>FILE_DATA a source may have sent and not yet had acknowledged (FILE_ACK): the flow-control window. One more is a violation.</summary>
    public const int FileChunksInFlight = 4;

    /// <summary>Largest file a FILE_HEADER may announce: 1 GiB.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Most bytes one copy (one `guivirt copy`) may move: 4 GiB.</summary>
    public const long MaxCopyBytes = 4L << 30;

    /// <summary>Most files one copy may move.</summary>
    public const int MaxCopyFiles = 10_000;
}
