using GuiVirt.Protocol.Messages;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Protocol;

/// <summary>
/// What the agent receives, one method per message type, validated like the daemon's side:
/// the agent trusts the daemon, but strict checks both ways find bugs early.
/// </summary>
public interface IMessagesFromDaemon
{
    /// <summary>KEYPRESS.</summary>
    void OnKey(WindowId window, KeyEvent key);
    /// <summary>BUTTON.</summary>
    void OnButton(WindowId window, ButtonEvent button);
    /// <summary>MOTION.</summary>
    void OnMotion(WindowId window, MotionEvent motion);
    /// <summary>CROSSING.</summary>
    void OnCrossing(WindowId window, CrossingEvent crossing);
    /// <summary>FOCUS.</summary>
    void OnFocus(WindowId window, FocusEvent focus);
    /// <summary>DESTROY: acknowledgement, the window id may be reused.</summary>
    void OnDestroyed(WindowId window);
    /// <summary>MAP: the user restored the window.</summary>
    void OnMap(WindowId window, MapInfo map);
    /// <summary>CONFIGURE: the host moved or resized the window.</summary>
    void OnConfigure(WindowId window, Configure configure);
    /// <summary>CLOSE: the user asked to close the window.</summary>
    void OnClose(WindowId window);
    /// <summary>CLIPBOARD_REQ: send the CLIPBOARD selection.</summary>
    void OnClipboardRequest();
    /// <summary>CLIPBOARD_DATA: a paste; at most <see cref="Limits.MaxClipboardBytes"/> bytes.</summary>
    void OnClipboardData(ReadOnlySpan<byte> text);
    /// <summary>CLIPBOARD_IMAGE: a paste of raw RGBA pixels in a sealed memfd, which the handler now owns.</summary>
    void OnClipboardImage(ClipboardImage image, SafeFileHandle pixels);
    /// <summary>KEYMAP_NOTIFY.</summary>
    void OnKeymap(Keymap keymap);
    /// <summary>WINDOW_FLAGS: the host changed the window's state.</summary>
    void OnWindowFlags(WindowId window, WindowFlags flags);
    /// <summary>WINDOW_DUMP_ACK: the previous grant of this window may be freed.</summary>
    void OnWindowDumpAck(WindowId window);
    /// <summary>KEYBOARD_LAYOUT: load the host's keymap (names checked) and lock its group.</summary>
    void OnKeyboardLayout(KeyboardLayout layout);
    /// <summary>KEYSYMS: the host remapped one keycode at run time.</summary>
    void OnKeysyms(Keysyms keysyms);

    /// <summary>
    /// SCREEN_CONFIG: the host's screen size and monitors (checked). The default ignores it: a
    /// handler without a screen of its own (a test double) need not follow the host's.
    /// </summary>
    void OnScreenConfig(ScreenLayout screen)
    {
    }

    // File copy. These alone have defaults, which refuse (FileUnexpected): a handler that takes no
    // part in copies (a test double) need not list them; the daemon's session and the agent do.

    /// <summary>FILE_SEND: send this file of the qube (the user's path).</summary>
    void OnFileSend(FileSend send) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_HEADER: create this file in ~/Incoming/FROM.</summary>
    void OnFileHeader(FileHeader header) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_DATA: the next bytes of the file being received.</summary>
    void OnFileData(ReadOnlySpan<byte> bytes) => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_END: the file being received is complete.</summary>
    void OnFileEnd() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_ACK: one of the FILE_DATA sent was written; one more may go.</summary>
    void OnFileAck() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
    /// <summary>FILE_CANCEL: stop sending, remove a partial file, answer FILE_CANCEL.</summary>
    void OnFileCancel() => throw new ProtocolViolationException(ProtocolViolation.FileUnexpected);
}
