using GuiVirt.Protocol.Messages;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Protocol.Tests.Shared;

/// <summary>
/// A handler for both directions that writes down what it was given, in order: the one recorder
/// of the Protocol, SharedMemory and agent tests (linked into each). A WINDOW_DUMP's descriptor
/// is closed at once, or kept in <see cref="GrantFds"/> with <see cref="KeepGrantFds"/> (closed on
/// Dispose); the agent tests' fake daemon maps it instead (it overrides <see cref="OnWindowDump"/>).
/// Not thread-safe: a reader on another thread records under its own lock.
/// </summary>
internal class MessageRecorder : IMessagesFromAgent, IMessagesFromDaemon, IDisposable
{
    public List<(MessageType Type, WindowId Window, object? Body)> Messages { get; } = [];

    /// <summary>The grant descriptors received, with <see cref="KeepGrantFds"/>.</summary>
    public List<SafeFileHandle> GrantFds { get; } = [];

    public bool KeepGrantFds { get; init; }

    /// <summary>The descriptors of the CLIPBOARD_IMAGE messages received.</summary>
    public List<SafeFileHandle> ImageFds { get; } = [];

    public void OnCreate(WindowId window, Create create) => Add(MessageType.Create, window, create);
    public void OnCreateArgb(WindowId window, Create create) => Add(MessageType.CreateArgb, window, new CreateArgb(create));
    public virtual void OnDestroy(WindowId window) => Add(MessageType.Destroy, window, null);
    public void OnMap(WindowId window, MapInfo map) => Add(MessageType.Map, window, map);
    public void OnUnmap(WindowId window) => Add(MessageType.Unmap, window, null);
    public void OnConfigure(WindowId window, Configure configure) => Add(MessageType.Configure, window, configure);
    public void OnShmImage(WindowId window, ShmImage image) => Add(MessageType.ShmImage, window, image);
    public void OnClipboardData(ReadOnlySpan<byte> untrustedText) => Add(MessageType.ClipboardData, WindowId.None, untrustedText.ToArray());
    public void OnWindowName(WindowId window, WindowName name) => Add(MessageType.WindowName, window, name);
    public void OnDock(WindowId window) => Add(MessageType.Dock, window, null);
    public void OnWindowHints(WindowId window, WindowHints hints) => Add(MessageType.WindowHints, window, hints);
    public void OnWindowType(WindowId window, WindowType type) => Add(MessageType.WindowType, window, type);
    public void OnWindowFlags(WindowId window, WindowFlags flags) => Add(MessageType.WindowFlags, window, flags);
    public void OnWindowClass(WindowId window, WindowClass windowClass) => Add(MessageType.WindowClass, window, windowClass);
    public void OnCursor(WindowId window, CursorShape cursor) => Add(MessageType.Cursor, window, cursor);
    public void OnWindowIcon(WindowId window, WindowIcon icon) => Add(MessageType.WindowIcon, window, new RecordedIcon(icon.Width, icon.Height, icon.UntrustedArgb.ToArray()));

    public virtual void OnWindowDump(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd)
    {
        if (KeepGrantFds)
        {
            GrantFds.Add(untrustedGrantFd);
        }
        else
        {
            untrustedGrantFd.Dispose();
        }

        Add(MessageType.WindowDump, window, dump);
    }

    /// <summary>CLIPBOARD_IMAGE, either way: its descriptor is kept in <see cref="ImageFds"/> (closed on Dispose).</summary>
    public virtual void OnClipboardImage(ClipboardImage image, SafeFileHandle untrustedPixelsFd)
    {
        ImageFds.Add(untrustedPixelsFd);
        Add(MessageType.ClipboardImage, WindowId.None, image);
    }

    public void OnKey(WindowId window, KeyEvent key) => Add(MessageType.KeyPress, window, key);
    public void OnButton(WindowId window, ButtonEvent button) => Add(MessageType.Button, window, button);
    public void OnMotion(WindowId window, MotionEvent motion) => Add(MessageType.Motion, window, motion);
    public void OnCrossing(WindowId window, CrossingEvent crossing) => Add(MessageType.Crossing, window, crossing);
    public void OnFocus(WindowId window, FocusEvent focus) => Add(MessageType.Focus, window, focus);
    public void OnDestroyed(WindowId window) => Add(MessageType.Destroy, window, null);
    public void OnClose(WindowId window) => Add(MessageType.Close, window, null);
    public void OnClipboardRequest() => Add(MessageType.ClipboardRequest, WindowId.None, null);
    public void OnKeymap(Keymap keymap) => Add(MessageType.KeymapNotify, WindowId.None, keymap);
    public void OnWindowDumpAck(WindowId window) => Add(MessageType.WindowDumpAck, window, null);
    public void OnKeyboardLayout(KeyboardLayout layout) => Add(MessageType.KeyboardLayout, WindowId.None, layout);
    public void OnKeysyms(Keysyms keysyms) => Add(MessageType.Keysyms, WindowId.None, keysyms);
    public void OnScreenConfig(ScreenLayout screen) => Add(MessageType.ScreenConfig, WindowId.None, screen);
    public void OnFileSend(FileSend send) => Add(MessageType.FileSend, WindowId.None, send);
    public void OnFileHeader(FileHeader header) => Add(MessageType.FileHeader, WindowId.None, header);
    public void OnFileData(ReadOnlySpan<byte> bytes) => Add(MessageType.FileData, WindowId.None, bytes.ToArray());
    public void OnFileEnd() => Add(MessageType.FileEnd, WindowId.None, null);
    public void OnFileAck() => Add(MessageType.FileAck, WindowId.None, null);
    public void OnFileError(FileError error) => Add(MessageType.FileError, WindowId.None, error);
    public void OnFileCancel() => Add(MessageType.FileCancel, WindowId.None, null);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        GrantFds.ForEach(fd => fd.Dispose());
        GrantFds.Clear();
        ImageFds.ForEach(fd => fd.Dispose());
        ImageFds.Clear();
    }

    protected void Add(MessageType type, WindowId window, object? body) => Messages.Add((type, window, body));

    /// <summary>A WINDOW_ICON as received (its pixels are a view of the body, so they are copied).</summary>
    public sealed record RecordedIcon(int Width, int Height, byte[] Argb)
    {
        public bool Equals(RecordedIcon? other) => other is not null && Width == other.Width && Height == other.Height && Argb.AsSpan().SequenceEqual(other.Argb);

        public override int GetHashCode() => HashCode.Combine(Width, Height, Argb.Length);
    }
}
