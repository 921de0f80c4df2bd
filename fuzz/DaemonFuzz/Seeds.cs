using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.DaemonFuzz;

/// <summary>
/// The seed corpus (fuzz/corpus): valid conversations written with <see cref="MessageWriter"/>,
/// as the protocol's round-trip tests write them, so the fuzzer starts from inputs that get past
/// the handshake and the header checks and reach the window table. One seed per message type
/// an agent may send, plus whole window lives under each way the harness can play the host.
/// </summary>
public static class Seeds
{
    private static readonly WindowId First = new(1), Second = new(2);

    /// <summary>Every seed, with a file name.</summary>
    public static IEnumerable<(string Name, byte[] Input)> All()
    {
        yield return ("hello", Input(HarnessOptions.None, _ => { }));
        foreach (MessageType type in MessageTypes.All.Where(type => MessageTypes.MaySend(type, PeerRole.Agent)))
        {
            yield return ($"type-{type}", Input(HarnessOptions.None, w =>
            {
                ShownWindow(w, First);
                OneOf(w, type);
            }));
        }

        HarnessOptions[] plays =
        [
            HarnessOptions.None, HarnessOptions.UserActs | HarnessOptions.ConfigureEchoes, HarnessOptions.UserMovesAndIconifies,
            HarnessOptions.GrantsRefused, HarnessOptions.HostRefusesGrants, HarnessOptions.FdWithEveryChunk, HarnessOptions.NoFds,
            HarnessOptions.WindowManagerRuns | HarnessOptions.UserMovesAndIconifies,
        ];
        foreach (HarnessOptions play in plays)
        {
            yield return ($"life-{(byte)play:x2}", Input(play, WindowLife));
        }

        yield return ("unmanaged-grows", Input(HarnessOptions.None, w =>
        {
            w.Add(First, new Create(100, 100, 200, 100, overrideRedirect: true));
            w.Add(First, new MapInfo(WindowId.None, overrideRedirect: true));
            w.Add(First, new Configure(0, 0, 1920, 1080, overrideRedirect: true));
        }));
        yield return ("splash-covers-the-screen", Input(HarnessOptions.WindowManagerRuns, w =>
        {
            w.Add(First, new Create(100, 100, 200, 100, overrideRedirect: false));
            w.Add(First, new WindowType(WindowKind.Splash, WindowTypeStates.SkipTaskbar | WindowTypeStates.SkipPager));
            w.Add(First, new MapInfo(WindowId.None, overrideRedirect: false));
            w.Add(First, new Configure(0, 0, 1920, 1080, overrideRedirect: false));
            w.Add(First, new WindowType(WindowKind.Tooltip, WindowTypeStates.None));
            w.Add(First, new Configure(10, 10, 50, 20, overrideRedirect: false));
            w.Add(First, new WindowFlags(WindowStateFlags.Fullscreen, WindowStateFlags.None));
        }));
        // A hostile agent sending what only the daemon may send (the host's keyboard): WrongDirection.
        yield return ("keyboard-from-agent", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Add(WindowId.None, new KeyboardLayout("evdev", "pc105", "de", "nodeadkeys", "grp:alt_shift_toggle", 1));
            w.Add(WindowId.None, new Keysyms(8, [0xe9, 0xc9]));
        }));
        // A hostile agent sending the host's screen configuration (only the daemon may): WrongDirection.
        yield return ("screen-config-from-agent", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Add(WindowId.None, new ScreenLayout(3840, 1080, [new MonitorArea(0, 0, 1920, 1080), new MonitorArea(1920, 0, 1920, 1080)]));
        }));
        // Clipboard images: an answer to the user's copy (pasted back on the next turn), one the
        // grant backend refuses, sizes beyond 4096, and a flood of images nobody asked for.
        yield return ("clipboard-image-copied-and-pasted", Input(HarnessOptions.UserActs, w =>
        {
            ShownWindow(w, First);
            w.Add(WindowId.None, new ClipboardImage(64, 48));
            w.Add(First, new ShmImage(0, 0, 10, 10));
        }));
        yield return ("clipboard-image-grant-refused", Input(HarnessOptions.UserActs | HarnessOptions.GrantsRefused, w =>
        {
            w.Add(First, new Create(10, 10, 100, 80, overrideRedirect: false));
            w.Add(First, new MapInfo(WindowId.None, overrideRedirect: false));
            w.Add(WindowId.None, new ClipboardImage(10, 10));
        }));
        yield return ("clipboard-image-huge", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Raw(MessageType.ClipboardImage, WindowId.None, 65536, 65536);
        }));
        yield return ("clipboard-image-unrequested", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            for (int i = 0; i < 20; i++)
            {
                w.Add(WindowId.None, new ClipboardImage(4096, 4096));
            }
        }));
        // A translucent window's whole life: its grants composited over the floor, resized, and an
        // opaque CREATE for the same id while it lives (WindowAlreadyExists: the visual never changes).
        yield return ("argb-window-life", Input(HarnessOptions.UserActs, w =>
        {
            w.Add(First, new CreateArgb(new Create(10, 10, 100, 80, overrideRedirect: false)));
            w.Add(First, new MapInfo(WindowId.None, overrideRedirect: false));
            w.Add(First, new WindowDump(100, 80, 400));
            w.Add(First, new ShmImage(0, 0, 100, 80));
            w.Add(First, new Configure(10, 10, 150, 120, overrideRedirect: false));
            w.Add(First, new WindowDump(150, 120, 600));
            w.Add(First, new ShmImage(5, 5, 20, 20));
            w.Add(First, new Create(10, 10, 100, 80, overrideRedirect: false));
        }));
        yield return ("window-icon-tinted", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Icon(First, 48, 48, 0x11);
            w.Icon(First, 128, 128, 0xFF);
            w.Icon(First, 1, 128, 0x80);
        }));
        yield return ("window-icon-lying-size", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Raw(MessageType.WindowIcon, First, 128, 128, 0xFFFF_FFFF, 0xFFFF_FFFF); // claims 128x128, carries 2 pixels
        }));
        yield return ("window-icon-huge", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Raw(MessageType.WindowIcon, First, 65536, 65536);
        }));
        yield return ("window-icon-unknown-window", Input(HarnessOptions.None, w =>
        {
            ShownWindow(w, First);
            w.Icon(new WindowId(99), 16, 16, 0x42);
        }));
        yield return ("tray-icon", Input(HarnessOptions.None, w =>
        {
            // No tray on the harness's host: the docked window stays a framed window (the fallback).
            w.Add(First, new Create(0, 0, 24, 24, overrideRedirect: false));
            w.Empty(MessageType.Dock, First);
            w.Add(First, new MapInfo(WindowId.None, overrideRedirect: false));
            w.Add(First, new WindowDump(24, 24, 96));
            w.Add(First, new ShmImage(0, 0, 24, 24));
            w.Add(First, new Configure(5, 5, 128, 128, overrideRedirect: false));
            w.Empty(MessageType.Dock, First); // a repeat: ignored
            w.Empty(MessageType.Destroy, First);
        }));
        yield return ("tray-icon-huge", Input(HarnessOptions.None, w =>
        {
            w.Add(First, new Create(0, 0, 129, 24, overrideRedirect: false));
            w.Empty(MessageType.Dock, First);
        }));
        yield return ("window-limit", Input(HarnessOptions.None, w =>
        {
            for (uint id = 1; id <= 9; id++)
            {
                w.Add(new WindowId(id), new Create(0, 0, 10, 10, overrideRedirect: false));
            }
        }));
    }

    /// <summary>Writes the seeds into <paramref name="directory"/>.</summary>
    public static void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach ((string name, byte[] input) in All())
        {
            File.WriteAllBytes(Path.Combine(directory, name), input);
        }
    }

    private static byte[] Input(HarnessOptions options, Action<Writer> messages)
    {
        var writer = new Writer();
        writer.Bytes([(byte)options]);
        Span<byte> hello = stackalloc byte[VersionHandshake.AgentHelloSize];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        writer.Bytes(hello);
        messages(writer);
        return writer.ToArray();
    }

    private static void ShownWindow(Writer w, WindowId window)
    {
        w.Add(window, new Create(10, 10, 100, 80, overrideRedirect: false));
        w.Add(window, new MapInfo(WindowId.None, overrideRedirect: false));
        w.Add(window, new WindowDump(100, 80, 400));
    }

    private static void OneOf(Writer w, MessageType type)
    {
        switch (type)
        {
            case MessageType.Create: w.Add(Second, new Create(-5, 2000, 16384, 6144, overrideRedirect: true)); break;
            case MessageType.Map: w.Add(First, new MapInfo(WindowId.None, overrideRedirect: true)); break;
            case MessageType.Configure: w.Add(First, new Configure(50, 60, 300, 200, overrideRedirect: false)); break;
            case MessageType.ShmImage: w.Add(First, new ShmImage(10, 10, 50, 40)); break;
            case MessageType.ClipboardData: w.Clipboard("copied text"u8); break;
            case MessageType.ClipboardImage: w.Add(WindowId.None, new ClipboardImage(64, 48)); break;
            case MessageType.WindowName: w.Add(First, new WindowName("a title \u202E with tricks")); break;
            case MessageType.WindowHints: w.Add(First, new WindowHints(SizeHintFlags.MinSize | SizeHintFlags.MaxSize, 10, 10, 500, 400, 1, 1, 0, 0)); break;
            case MessageType.WindowFlags: w.Add(First, new WindowFlags(WindowStateFlags.Fullscreen, WindowStateFlags.None)); break;
            case MessageType.WindowClass: w.Add(First, new WindowClass("XTerm", "xterm")); break;
            case MessageType.WindowDump: w.Add(First, new WindowDump(200, 100, 800)); break;
            case MessageType.Cursor: w.Add(First, CursorShape.FromFontGlyph(68)); break;
            case MessageType.WindowIcon: w.Icon(First, 16, 16, 0x5A); break;
            case MessageType.CreateArgb: w.Add(Second, new CreateArgb(new Create(10, 10, 120, 90, overrideRedirect: false))); break;
            case MessageType.WindowType: w.Add(First, new WindowType(WindowKind.Splash, WindowTypeStates.Modal | WindowTypeStates.SkipTaskbar)); break;
            // Outside a copy the daemon asked for, every FILE_* message is FileUnexpected.
            case MessageType.FileHeader: w.Add(WindowId.None, new FileHeader(5, "notes.txt", "")); break;
            case MessageType.FileData: w.FileData("hello"u8); break;
            case MessageType.FileError: w.Add(WindowId.None, new FileError(FileProblem.SymbolicLink)); break;
            default: w.Empty(type, MessageTypes.AddressesWindow(type) ? First : WindowId.None); break;
        }
    }

    /// <summary>A window from creation to destruction, with a dialog, pixels, states and a copy.</summary>
    private static void WindowLife(Writer w)
    {
        w.Add(First, new Create(10, 10, 100, 80, overrideRedirect: false));
        w.Add(First, new WindowClass("XTerm", "xterm"));
        w.Add(First, new WindowName("hello"));
        w.Add(First, new WindowHints(SizeHintFlags.MinSize, 50, 40, 0, 0, 0, 0, 0, 0));
        w.Add(First, new MapInfo(WindowId.None, overrideRedirect: false));
        w.Add(First, new WindowDump(100, 80, 400));
        w.Add(First, new ShmImage(0, 0, 100, 80));
        w.Add(First, new Configure(10, 10, 150, 120, overrideRedirect: false));
        w.Add(First, new WindowDump(150, 120, 640));
        w.Add(First, new ShmImage(140, 110, 50, 50));
        w.Add(First, new WindowFlags(WindowStateFlags.Fullscreen | WindowStateFlags.DemandsAttention, WindowStateFlags.None));
        w.Add(First, new WindowFlags(WindowStateFlags.None, WindowStateFlags.Fullscreen | WindowStateFlags.DemandsAttention));
        w.Add(Second, new Create(30, 30, 60, 40, overrideRedirect: true));
        w.Add(Second, new WindowType(WindowKind.Dialog, WindowTypeStates.Modal));
        w.Add(Second, new MapInfo(First, overrideRedirect: true));
        w.Add(Second, CursorShape.FromFontGlyph(2));
        w.Clipboard("copied"u8);
        w.Add(First, new WindowFlags(WindowStateFlags.Minimize, WindowStateFlags.None));
        w.Icon(First, 32, 32, 0x21);
        w.Empty(MessageType.Dock, Second);
        w.Empty(MessageType.Unmap, Second);
        w.Empty(MessageType.Destroy, Second);
        w.Empty(MessageType.Destroy, First);
    }

    private sealed class Writer
    {
        private readonly MemoryStream _bytes = new();
        private readonly byte[] _buffer = new byte[MessageReader.MaxMessageSize];

        public void Bytes(ReadOnlySpan<byte> bytes) => _bytes.Write(bytes);

        public void Add<TBody>(WindowId window, in TBody body)
            where TBody : struct, IMessageBody => Bytes(_buffer.AsSpan(0, MessageWriter.Write(_buffer, window, body)));

        public void Empty(MessageType type, WindowId window) => Bytes(_buffer.AsSpan(0, MessageWriter.WriteEmpty(_buffer, type, window)));

        public void Clipboard(ReadOnlySpan<byte> text) => Bytes(_buffer.AsSpan(0, MessageWriter.WriteClipboardData(_buffer, text)));

        /// <summary>A WINDOW_ICON of <paramref name="width"/> x <paramref name="height"/> pixels of many colours, from <paramref name="fill"/>.</summary>
        public void Icon(WindowId window, int width, int height, byte fill)
        {
            byte[] argb = new byte[width * height * Limits.WindowIconBytesPerPixel];
            for (int i = 0; i < argb.Length; i++)
            {
                argb[i] = unchecked((byte)(fill + (i * 37)));
            }

            Bytes(_buffer.AsSpan(0, MessageWriter.WriteWindowIcon(_buffer, window, width, height, argb)));
        }

        public void FileData(ReadOnlySpan<byte> bytes) => Bytes(_buffer.AsSpan(0, MessageWriter.WriteFileData(_buffer, bytes)));

        /// <summary>A message with the given u32 fields as its body, whatever the checks say of them.</summary>
        public void Raw(MessageType type, WindowId window, params uint[] fields)
        {
            Span<byte> bytes = stackalloc byte[MessageHeader.Size + (4 * fields.Length)];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)type);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], window.Value);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], (uint)(4 * fields.Length));
            for (int i = 0; i < fields.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes[(MessageHeader.Size + (4 * i))..], fields[i]);
            }

            Bytes(bytes);
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
