using GuiVirt.Protocol.Messages;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Protocol;

/// <summary>
/// What the daemon receives, one method per message type, each with its body already through the
/// stateless checks. Window ids are still the qube's: resolve them in the window table first.
/// Adding a message type adds a method here, so the compiler finds every handler to update.
/// </summary>
public interface IMessagesFromAgent
{
    /// <summary>CREATE.</summary>
    void OnCreate(WindowId window, Create create);
    /// <summary>
    /// CREATE_ARGB: CREATE (the same checks) for a window with a 32-bit ARGB visual, whose grant's
    /// fourth byte is premultiplied alpha. A window's visual never changes, as in X.
    /// </summary>
    void OnCreateArgb(WindowId window, Create create);
    /// <summary>DESTROY: the daemon removes the window and acknowledges with DESTROY.</summary>
    void OnDestroy(WindowId window);
    /// <summary>MAP.</summary>
    void OnMap(WindowId window, MapInfo map);
    /// <summary>UNMAP.</summary>
    void OnUnmap(WindowId window);
    /// <summary>CONFIGURE.</summary>
    void OnConfigure(WindowId window, Configure configure);
    /// <summary>SHMIMAGE.</summary>
    void OnShmImage(WindowId window, ShmImage image);
    /// <summary>CLIPBOARD_DATA: at most <see cref="Limits.MaxClipboardBytes"/> bytes, not yet checked for UTF-8.</summary>
    void OnClipboardData(ReadOnlySpan<byte> untrustedText);
    /// <summary>
    /// CLIPBOARD_IMAGE: width and height checked (1 to <see cref="Limits.MaxClipboardImageSide"/>);
    /// the descriptor, which the handler now owns, is not checked yet: it must be verified as a
    /// grant of exactly <see cref="ClipboardImage.ByteCount"/> bytes before it is mapped.
    /// </summary>
    void OnClipboardImage(ClipboardImage image, SafeFileHandle untrustedPixelsFd);
    /// <summary>WMNAME, sanitized.</summary>
    void OnWindowName(WindowId window, WindowName name);
    /// <summary>DOCK.</summary>
    void OnDock(WindowId window);
    /// <summary>WINDOW_HINTS.</summary>
    void OnWindowHints(WindowId window, WindowHints hints);
    /// <summary>WINDOW_FLAGS.</summary>
    void OnWindowFlags(WindowId window, WindowFlags flags);
    /// <summary>WMCLASS, sanitized.</summary>
    void OnWindowClass(WindowId window, WindowClass windowClass);
    /// <summary>
    /// WINDOW_DUMP with its file descriptor, which the handler now owns and must verify as a grant
    /// (seals, size) before mapping it.
    /// </summary>
    void OnWindowDump(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd);
    /// <summary>CURSOR.</summary>
    void OnCursor(WindowId window, CursorShape cursor);
    /// <summary>WINDOW_TYPE.</summary>
    void OnWindowType(WindowId window, WindowType type);
    /// <summary>
    /// WINDOW_ICON: sides checked (1 to <see cref="Limits.MaxWindowIconSide"/>) and exactly
    /// width x height x 4 bytes of pixels, a view of the received body valid only during the call.
    /// </summary>
    void OnWindowIcon(WindowId window, WindowIcon icon);

    // File copy. These alone have defaults, which refuse (FileUnexpected): a handler that takes no
    // part in copies (a test double) need not list them; the daemon's session and the agent do.

    /// <summary>FILE_HEADER from a source: name and size checked (<see cref="FileNames"/>, <see cref="Limits.MaxFileBytes"/>).</summary>
    void OnFileHeader(FileHeader header) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_DATA from a source: 1 to <see cref="Limits.FileChunkBytes"/> bytes, never interpreted.</summary>
    void OnFileData(ReadOnlySpan<byte> untrustedBytes) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_END from a source.</summary>
    void OnFileEnd() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_ACK from a target.</summary>
    void OnFileAck() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_ERROR, its reason one of <see cref="FileProblem"/>.</summary>
    void OnFileError(FileError error) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_CANCEL: the agent has stopped the copy the daemon cancelled.</summary>
    void OnFileCancel() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
}
