namespace GuiVirt.Protocol;

/// <summary>
/// Every reason a peer's bytes or file descriptors can be refused. Any of them disconnects that
/// peer; the log names the reason and the header, never the body. Values are stable: they appear
/// in logs and in docs/protocol.md.
/// </summary>
public enum ProtocolViolation
{
    /// <summary>Not a violation: the value callers get when validation succeeded.</summary>
    None = 0,

    // Handshake.
    /// <summary>The peer's major protocol version differs from ours.</summary>
    VersionMajorMismatch,
    /// <summary>The negotiated minor version is older than the oldest we speak.</summary>
    VersionTooOld,
    /// <summary>The daemon answered a minor version newer than the agent offered.</summary>
    VersionNotNegotiatedDown,
    /// <summary>The daemon's screen configuration is out of range.</summary>
    ScreenConfigInvalid,

    // Header.
    /// <summary>A message type this protocol does not define.</summary>
    UnknownMessageType,
    /// <summary>An obsolete Qubes message type (RESIZE 129, MFNDUMP 135, EXECUTE 138).</summary>
    ObsoleteMessageType,
    /// <summary>A type that this side may not send (for example KEYPRESS from an agent).</summary>
    WrongDirection,
    /// <summary>The header's length does not match the fixed size of its type.</summary>
    WrongLength,
    /// <summary>A variable-length body exceeds its limit.</summary>
    BodyTooLarge,
    /// <summary>A window-addressed message names window 0.</summary>
    WindowIdZero,
    /// <summary>A message that is not about a window (clipboard, KEYMAP_NOTIFY) names a window other than 0.</summary>
    WindowIdNotZero,

    // Geometry.
    /// <summary>A width or height is 0 or beyond <see cref="Limits.MaxWindowWidth"/> / <see cref="Limits.MaxWindowHeight"/>.</summary>
    SizeOutOfRange,
    /// <summary>A coordinate lies beyond <see cref="Limits.MaxCoordinate"/>.</summary>
    PositionOutOfRange,
    /// <summary>A SHMIMAGE rectangle is empty or reaches beyond the largest window.</summary>
    RectangleOutOfRange,

    // Field values.
    /// <summary>A boolean field (override_redirect, is_hint, focus) is neither 0 nor 1.</summary>
    BooleanOutOfRange,
    /// <summary>CREATE's parent is not 0 (nested windows are not supported).</summary>
    ParentNotSupported,
    /// <summary>MAP's transient_for names the window itself.</summary>
    TransientForSelf,
    /// <summary>WMNAME or WMCLASS text has no NUL terminator inside its fixed buffer.</summary>
    TextNotTerminated,
    /// <summary>Bytes after the NUL terminator of WMNAME or WMCLASS are not zero.</summary>
    TextPaddingNotZero,
    /// <summary>WINDOW_HINTS has unknown flag bits set.</summary>
    HintsUnknownFlags,
    /// <summary>WINDOW_HINTS has a size beyond the window limits.</summary>
    HintsOutOfRange,
    /// <summary>WINDOW_HINTS' minimum size exceeds its maximum size.</summary>
    HintsMinAboveMax,
    /// <summary>WINDOW_FLAGS has unknown bits set.</summary>
    FlagsUnknownBits,
    /// <summary>WINDOW_FLAGS sets and unsets the same bit.</summary>
    FlagsSetAndUnset,
    /// <summary>A CURSOR id outside 0 and the X11 cursor-font range, or an odd (mask) glyph.</summary>
    CursorOutOfRange,
    /// <summary>A WINDOW_DUMP of a type other than memfd (grant refs are Xen-only).</summary>
    DumpTypeUnsupported,
    /// <summary>A WINDOW_DUMP's bpp is not <see cref="Limits.DumpBitsPerPixel"/>.</summary>
    DumpDepthUnsupported,
    /// <summary>A WINDOW_DUMP's stride is below width x 4, not a multiple of 4, or above <see cref="Limits.MaxStride"/>.</summary>
    DumpStrideInvalid,
    /// <summary>An input event type field is not one of the X event types its message allows.</summary>
    EventTypeInvalid,
    /// <summary>An input event's state has bits outside <see cref="Limits.InputStateMask"/>.</summary>
    InputStateInvalid,
    /// <summary>A keycode outside 8..255.</summary>
    KeycodeOutOfRange,
    /// <summary>A button number outside 1..255.</summary>
    ButtonOutOfRange,
    /// <summary>A crossing or focus mode or detail outside the X11 values.</summary>
    CrossingModeInvalid,

    // File descriptors and grants.
    /// <summary>A WINDOW_DUMP arrived without its file descriptor.</summary>
    MissingFd,
    /// <summary>File descriptors arrived that no message asked for, or more than a message may carry.</summary>
    UnexpectedFd,
    /// <summary>A grant fd is not a memfd.</summary>
    GrantNotMemfd,
    /// <summary>A grant memfd lacks the SHRINK or GROW seal (it could be truncated under the mapping).</summary>
    GrantNotSealed,
    /// <summary>A grant is smaller than stride x height (CLIPBOARD_IMAGE: width x height x 4).</summary>
    GrantTooSmall,
    /// <summary>A grant could not be reopened read-only or mapped.</summary>
    GrantMapFailed,

    // Transport.
    /// <summary>The peer did not read what we sent and our bounded outbound buffer filled up.</summary>
    OutboundBufferFull,
    /// <summary>The peer closed the connection in the middle of a message.</summary>
    TruncatedMessage,

    // Stateful: raised by the daemon's window table, named here so every log shares one vocabulary.
    /// <summary>A message names a window the qube has not created, or has destroyed.</summary>
    UnknownWindow,
    /// <summary>CREATE for a window id that is already live.</summary>
    WindowAlreadyExists,
    /// <summary>MAP's transient_for names a window this qube does not have.</summary>
    TransientForInvalid,
    /// <summary>WMCLASS for a window that is mapped (the class is fixed once the window is shown).</summary>
    ClassAfterMap,
    /// <summary>SHMIMAGE for a window that has no grant yet.</summary>
    ImageWithoutGrant,
    /// <summary>The qube exceeds a resource limit (windows, grant memory).</summary>
    ResourceLimitExceeded,

    // Added later; values above stay as they were.
    /// <summary>A grant is larger than stride x height (rounded up to a page): the host X server maps the whole file. CLIPBOARD_IMAGE: larger than width x height x 4 at all.</summary>
    GrantTooLarge,
    /// <summary>A WINDOW_TYPE type is not one this protocol defines (0..11).</summary>
    WindowTypeUnknown,
    /// <summary>WINDOW_TYPE has state bits outside 0x7.</summary>
    WindowTypeStatesUnknown,
    /// <summary>A KEYBOARD_LAYOUT name is empty where it may not be, starts with '-', or has a byte outside [A-Za-z0-9_,:()+-].</summary>
    KeyboardNameInvalid,
    /// <summary>A KEYBOARD_LAYOUT group is above 3.</summary>
    KeyboardGroupOutOfRange,
    /// <summary>A KEYSYMS keysym has one of its top three bits set.</summary>
    KeysymOutOfRange,

    // File copy between qubes (FILE_* messages).
    /// <summary>A FILE_HEADER name is empty, ".", "..", has a '/', a control or format character, or is not UTF-8 (255 bytes at most: the field has 256).</summary>
    FileNameInvalid,
    /// <summary>A FILE_HEADER size is above <see cref="Limits.MaxFileBytes"/>.</summary>
    FileSizeOutOfRange,
    /// <summary>A FILE_HEADER from an agent has a source-qube field that is not all zero (only the daemon names the source).</summary>
    FileFromNotEmpty,
    /// <summary>A FILE_ERROR reason is not one this protocol defines.</summary>
    FileErrorUnknown,
    /// <summary>A FILE_SEND path is empty, not UTF-8, or not NUL-terminated and zero-padded.</summary>
    FilePathInvalid,
    /// <summary>A FILE_DATA has no bytes.</summary>
    FileDataEmpty,
    /// <summary>(daemon, stateful) a FILE_* message from a qube that is not at that step of a copy.</summary>
    FileUnexpected,
    /// <summary>(daemon, stateful) the source sent more bytes than its FILE_HEADER announced.</summary>
    FileLongerThanAnnounced,
    /// <summary>(daemon, stateful) the source's FILE_END came before the bytes its FILE_HEADER announced.</summary>
    FileShorterThanAnnounced,
    /// <summary>(daemon, stateful) the source sent a FILE_DATA beyond the <see cref="Limits.FileChunksInFlight"/> not yet acknowledged.</summary>
    FileTooManyChunks,

    // Image clipboard (CLIPBOARD_IMAGE).
    /// <summary>A CLIPBOARD_IMAGE width or height is 0 or above <see cref="Limits.MaxClipboardImageSide"/>.</summary>
    ClipboardImageSizeOutOfRange,

    // Window icons (WINDOW_ICON).
    /// <summary>A WINDOW_ICON width or height is 0 or above <see cref="Limits.MaxWindowIconSide"/>, or its body is not exactly 8 + width x height x 4 bytes.</summary>
    WindowIconSizeInvalid,

    // Screen configuration (SCREEN_CONFIG). Numbered explicitly: the values are assigned per feature.
    /// <summary>A SCREEN_CONFIG screen width or height is 0 or beyond the window limits, or its monitor count is 0 or above <see cref="Limits.MaxMonitors"/>.</summary>
    ScreenLayoutInvalid = 66,
    /// <summary>A SCREEN_CONFIG monitor is empty or reaches beyond the screen, or a slot past the count is not all zero.</summary>
    ScreenMonitorInvalid = 67,
    // Tray icons (DOCK). Numbered explicitly: the values are assigned per feature.
    /// <summary>(daemon, stateful) DOCK of a window that asked to be override-redirect, or beyond the qube's <see cref="Limits.MaxTrayIcons"/> docked windows.</summary>
    TrayIconRefused = 68,
    /// <summary>(daemon, stateful) DOCK of a window wider or taller than <see cref="Limits.MaxTrayIconSide"/>, or a docked window's CONFIGURE beyond it.</summary>
    TrayIconSizeInvalid = 69,
}
