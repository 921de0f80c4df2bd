using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Tests.Channel;

/// <summary>Records what a daemon-side channel dispatched; keeps received grant fds until disposed.</summary>
internal sealed class AgentMessages : IMessagesFromAgent, IDisposable
{
    public List<(MessageType Type, WindowId Window, object? Body)> Messages { get; } = [];

    public List<SafeFileHandle> GrantFds { get; } = [];

    /// <summary>When false, grant fds are closed at once (for the leak tests).</summary>
    public bool KeepFds { get; init; } = true;

    public void OnCreate(WindowId window, Create create) => Add(MessageType.Create, window, create);
    public void OnDestroy(WindowId window) => Add(MessageType.Destroy, window, null);
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

    public void OnWindowDump(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd)
    {
        if (KeepFds)
        {
            GrantFds.Add(untrustedGrantFd);
        }
        else
        {
            untrustedGrantFd.Dispose();
        }

        Add(MessageType.WindowDump, window, dump);
    }

    public void Dispose()
    {
        foreach (SafeFileHandle fd in GrantFds)
        {
            fd.Dispose();
        }
    }

    private void Add(MessageType type, WindowId window, object? body) => Messages.Add((type, window, body));
}
