using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Tests;

/// <summary>The per-frame path (SHMIMAGE, CONFIGURE, input) allocates nothing.</summary>
public class AllocationTests
{
    private sealed class Counting : IMessagesFromAgent
    {
        public long Area;
        public void OnShmImage(WindowId window, ShmImage image) => Area += (long)image.Width * image.Height;
        public void OnConfigure(WindowId window, Configure configure) => Area += configure.Width;
        public void OnCreate(WindowId window, Create create) { }
        public void OnCreateArgb(WindowId window, Create create) { }
        public void OnDestroy(WindowId window) { }
        public void OnMap(WindowId window, MapInfo map) { }
        public void OnUnmap(WindowId window) { }
        public void OnClipboardData(ReadOnlySpan<byte> untrustedText) { }
        public void OnWindowName(WindowId window, WindowName name) { }
        public void OnDock(WindowId window) { }
        public void OnWindowHints(WindowId window, WindowHints hints) { }
        public void OnWindowType(WindowId window, WindowType type) { }
        public void OnWindowFlags(WindowId window, WindowFlags flags) { }
        public void OnWindowClass(WindowId window, WindowClass windowClass) { }
        public void OnWindowDump(WindowId window, WindowDump dump, Microsoft.Win32.SafeHandles.SafeFileHandle untrustedGrantFd) { }
        public void OnCursor(WindowId window, CursorShape cursor) { }
        public void OnWindowIcon(WindowId window, WindowIcon icon) { }
        public void OnClipboardImage(ClipboardImage image, Microsoft.Win32.SafeHandles.SafeFileHandle untrustedPixelsFd) => untrustedPixelsFd.Dispose();
    }

    [Fact]
    public void WritingReadingAndDispatchingFramesAllocatesNothing()
    {
        var handler = new Counting();
        var buffer = new byte[64];
        var window = new WindowId(42);
        RunFrames(handler, buffer, window, 100); // warm up: JIT, static tables

        long before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(handler, buffer, window, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(handler.Area > 0);
    }

    private static void RunFrames(Counting handler, byte[] buffer, WindowId window, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            int length = MessageWriter.Write(buffer, window, new ShmImage(i % 100, 0, 10, 20));
            length += MessageWriter.Write(buffer.AsSpan(length), window, new Configure(0, 0, 640, 480, false));
            ReadOnlySpan<byte> span = buffer.AsSpan(0, length);
            while (MessageReader.TryReadMessage(span, PeerRole.Agent, out MessageHeader header))
            {
                MessageDispatcher.DispatchFromAgent(header, MessageReader.Body(span, header), null, handler);
                span = span[(MessageHeader.Size + header.BodyLength)..];
            }
        }
    }
}
