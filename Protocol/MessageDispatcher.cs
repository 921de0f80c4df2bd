using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Untrusted;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Protocol;

/// <summary>
/// Validates a framed message's body and hands the validated value to a handler. Every failure
/// throws <see cref="ProtocolViolationException"/> carrying the header (never the body).
/// </summary>
public static class MessageDispatcher
{
    /// <summary>
    /// Daemon side. <paramref name="fd"/> is the descriptor that came with the message: present
    /// exactly when <see cref="MessageTypes.FdCount"/> says one travels with the type. The
    /// dispatcher owns it until the handler takes it, and closes it on any refusal.
    /// </summary>
    public static void DispatchFromAgent(in MessageHeader header, ReadOnlySpan<byte> body, SafeFileHandle? fd, IMessagesFromAgent handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        CheckFraming(header, body, fd, PeerRole.Agent);
        WindowId window = header.Window;
        switch (header.Type)
        {
            case MessageType.Create:
                handler.OnCreate(window, Valid(new UntrustedCreate(body).TryValidate(out Create create, out var v), v, header, create));
                break;
            case MessageType.CreateArgb:
                handler.OnCreateArgb(window, Valid(new UntrustedCreate(body).TryValidate(out create, out v), v, header, create)); // CREATE's body and checks
                break;
            case MessageType.Destroy:
                handler.OnDestroy(window);
                break;
            case MessageType.Map:
                handler.OnMap(window, Valid(new UntrustedMapInfo(body).TryValidate(window, out MapInfo map, out v), v, header, map));
                break;
            case MessageType.Unmap:
                handler.OnUnmap(window);
                break;
            case MessageType.Configure:
                handler.OnConfigure(window, Valid(new UntrustedConfigure(body).TryValidate(out Configure configure, out v), v, header, configure));
                break;
            case MessageType.ShmImage:
                handler.OnShmImage(window, Valid(new UntrustedShmImage(body).TryValidate(out ShmImage image, out v), v, header, image));
                break;
            case MessageType.ClipboardData:
                handler.OnClipboardData(body); // length already capped by the header check
                break;
            case MessageType.WindowName:
                handler.OnWindowName(window, Valid(new UntrustedWindowName(body).TryValidate(out WindowName name, out v), v, header, name));
                break;
            case MessageType.Dock:
                handler.OnDock(window);
                break;
            case MessageType.WindowHints:
                handler.OnWindowHints(window, Valid(new UntrustedWindowHints(body).TryValidate(out WindowHints hints, out v), v, header, hints));
                break;
            case MessageType.WindowFlags:
                handler.OnWindowFlags(window, Valid(new UntrustedWindowFlags(body).TryValidate(out WindowFlags flags, out v), v, header, flags));
                break;
            case MessageType.WindowClass:
                handler.OnWindowClass(window, Valid(new UntrustedWindowClass(body).TryValidate(out WindowClass windowClass, out v), v, header, windowClass));
                break;
            case MessageType.WindowDump:
                if (!new UntrustedWindowDump(body).TryValidate(out WindowDump dump, out v))
                {
                    fd!.Dispose();
                    throw new ProtocolViolationException(v, header);
                }

                handler.OnWindowDump(window, dump, fd!);
                break;
            case MessageType.ClipboardImage:
                handler.OnClipboardImage(ValidImage(body, fd!, header), fd!);
                break;
            case MessageType.WindowIcon:
                if (!new UntrustedWindowIcon(body).TryValidate(out WindowIcon icon, out v))
                {
                    throw new ProtocolViolationException(v, header);
                }

                handler.OnWindowIcon(window, icon);
                break;
            case MessageType.Cursor:
                handler.OnCursor(window, Valid(new UntrustedCursorShape(body).TryValidate(out CursorShape cursor, out v), v, header, cursor));
                break;
            case MessageType.WindowType:
                handler.OnWindowType(window, Valid(new UntrustedWindowType(body).TryValidate(out WindowType type, out v), v, header, type));
                break;
            case MessageType.FileHeader:
                handler.OnFileHeader(Valid(new UntrustedFileHeader(body).TryValidate(PeerRole.Agent, out FileHeader file, out v), v, header, file));
                break;
            case MessageType.FileData:
                handler.OnFileData(NotEmpty(body, header)); // length capped by the header check
                break;
            case MessageType.FileEnd:
                handler.OnFileEnd();
                break;
            case MessageType.FileAck:
                handler.OnFileAck();
                break;
            case MessageType.FileError:
                handler.OnFileError(Valid(new UntrustedFileError(body).TryValidate(out FileError error, out v), v, header, error));
                break;
            case MessageType.FileCancel:
                handler.OnFileCancel();
                break;
            default:
                throw new InvalidOperationException($"header validation let {header.Type} from an agent through");
        }
    }

    /// <summary>
    /// Agent side. <paramref name="fd"/> is the descriptor that came with the message: the daemon
    /// sends one only with CLIPBOARD_IMAGE (a paste), and the handler then owns it.
    /// </summary>
    public static void DispatchFromDaemon(in MessageHeader header, ReadOnlySpan<byte> body, IMessagesFromDaemon handler, SafeFileHandle? fd = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        CheckFraming(header, body, fd, PeerRole.Daemon);
        WindowId window = header.Window;
        switch (header.Type)
        {
            case MessageType.KeyPress:
                handler.OnKey(window, Valid(new UntrustedKeyEvent(body).TryValidate(out KeyEvent key, out var v), v, header, key));
                break;
            case MessageType.Button:
                handler.OnButton(window, Valid(new UntrustedButtonEvent(body).TryValidate(out ButtonEvent button, out v), v, header, button));
                break;
            case MessageType.Motion:
                handler.OnMotion(window, Valid(new UntrustedMotionEvent(body).TryValidate(out MotionEvent motion, out v), v, header, motion));
                break;
            case MessageType.Crossing:
                handler.OnCrossing(window, Valid(new UntrustedCrossingEvent(body).TryValidate(out CrossingEvent crossing, out v), v, header, crossing));
                break;
            case MessageType.Focus:
                handler.OnFocus(window, Valid(new UntrustedFocusEvent(body).TryValidate(out FocusEvent focus, out v), v, header, focus));
                break;
            case MessageType.Destroy:
                handler.OnDestroyed(window);
                break;
            case MessageType.Map:
                handler.OnMap(window, Valid(new UntrustedMapInfo(body).TryValidate(window, out MapInfo map, out v), v, header, map));
                break;
            case MessageType.Configure:
                handler.OnConfigure(window, Valid(new UntrustedConfigure(body).TryValidate(out Configure configure, out v), v, header, configure));
                break;
            case MessageType.Close:
                handler.OnClose(window);
                break;
            case MessageType.ClipboardRequest:
                handler.OnClipboardRequest();
                break;
            case MessageType.ClipboardData:
                handler.OnClipboardData(body);
                break;
            case MessageType.KeymapNotify:
                handler.OnKeymap(new Keymap(body)); // every bit pattern is a keymap
                break;
            case MessageType.WindowFlags:
                handler.OnWindowFlags(window, Valid(new UntrustedWindowFlags(body).TryValidate(out WindowFlags flags, out v), v, header, flags));
                break;
            case MessageType.WindowDumpAck:
                handler.OnWindowDumpAck(window);
                break;
            case MessageType.KeyboardLayout:
                handler.OnKeyboardLayout(Valid(new UntrustedKeyboardLayout(body).TryValidate(out KeyboardLayout layout, out v), v, header, layout));
                break;
            case MessageType.Keysyms:
                handler.OnKeysyms(Valid(new UntrustedKeysyms(body).TryValidate(out Keysyms keysyms, out v), v, header, keysyms));
                break;
            case MessageType.FileSend:
                handler.OnFileSend(Valid(new UntrustedFileSend(body).TryValidate(out FileSend send, out v), v, header, send));
                break;
            case MessageType.FileHeader:
                handler.OnFileHeader(Valid(new UntrustedFileHeader(body).TryValidate(PeerRole.Daemon, out FileHeader file, out v), v, header, file));
                break;
            case MessageType.FileData:
                handler.OnFileData(NotEmpty(body, header));
                break;
            case MessageType.FileEnd:
                handler.OnFileEnd();
                break;
            case MessageType.FileAck:
                handler.OnFileAck();
                break;
            case MessageType.FileCancel:
                handler.OnFileCancel();
                break;
            case MessageType.ClipboardImage:
                handler.OnClipboardImage(ValidImage(body, fd!, header), fd!);
                break;
            case MessageType.ScreenConfig:
                handler.OnScreenConfig(Valid(new UntrustedScreenLayout(body).TryValidate(out ScreenLayout screen, out v), v, header, screen));
                break;
            default:
                throw new InvalidOperationException($"header validation let {header.Type} from the daemon through");
        }
    }

    private static ReadOnlySpan<byte> NotEmpty(ReadOnlySpan<byte> body, in MessageHeader header) =>
        body.IsEmpty ? throw new ProtocolViolationException(ProtocolViolation.FileDataEmpty, header) : body;

    /// <summary>CLIPBOARD_IMAGE's size fields; on a refusal its descriptor is closed before the violation is thrown.</summary>
    private static ClipboardImage ValidImage(ReadOnlySpan<byte> body, SafeFileHandle fd, in MessageHeader header)
    {
        if (!new UntrustedClipboardImage(body).TryValidate(out ClipboardImage image, out ProtocolViolation violation))
        {
            fd.Dispose();
            throw new ProtocolViolationException(violation, header);
        }

        return image;
    }

    private static T Valid<T>(bool passed, ProtocolViolation violation, in MessageHeader header, T value) =>
        passed ? value : throw new ProtocolViolationException(violation, header);

    /// <summary>The caller's framing must agree with the header; a mismatch is a bug, not the peer's doing.</summary>
    private static void CheckFraming(in MessageHeader header, ReadOnlySpan<byte> body, SafeFileHandle? fd, PeerRole sender)
    {
        if (body.Length != header.BodyLength || !MessageTypes.MaySend(header.Type, sender))
        {
            throw new InvalidOperationException($"{header} was not framed by MessageReader for a {sender}");
        }

        if ((fd is not null) != (MessageTypes.FdCount(header.Type) == 1))
        {
            throw new InvalidOperationException($"{header} dispatched with {(fd is null ? "no" : "a")} file descriptor");
        }
    }
}
