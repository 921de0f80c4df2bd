using System.Buffers.Binary;
using System.Text;
using static GuiVirt.Protocol.MessageType;
using static GuiVirt.Protocol.PeerRole;
using static GuiVirt.Protocol.ProtocolViolation;
using static GuiVirt.Protocol.Tests.Rows.WireBytes;

namespace GuiVirt.Protocol.Tests.Rows;

/// <summary>Every boundary of every body's checks, message by message.</summary>
internal static class BodyRows
{
    private const uint W = 1; // the window every row talks about

    public static RowSet All()
    {
        var rows = new RowSet();
        Geometry(rows);
        Text(rows);
        WindowState(rows);
        Input(rows);
        Files(rows);
        Screen(rows);
        return rows;
    }

    /// <summary>SCREEN_CONFIG: the screen within the window limits, 1..16 monitors inside it, zero slots past the count.</summary>
    private static void Screen(RowSet rows)
    {
        static byte[] Config(uint width, uint height, uint count, params uint[] slots)
        {
            var fields = new uint[3 + (Limits.MaxMonitors * 4)];
            (fields[0], fields[1], fields[2]) = (width, height, count);
            slots.CopyTo(fields, 3);
            return Message(ScreenConfig, 0, fields);
        }

        uint[] sixteen = [.. Enumerable.Range(0, 16).SelectMany(i => new uint[] { (uint)(i * 100), 0, 100, 1080 })];
        rows.Accept("screen one monitor", Daemon, Config(1920, 1080, 1, 0, 0, 1920, 1080));
        rows.Accept("screen two monitors side by side", Daemon, Config(3840, 1080, 2, 0, 0, 1920, 1080, 1920, 0, 1920, 1080));
        rows.Accept("screen largest, monitor at the far corner", Daemon, Config(16384, 6144, 1, 16383, 6143, 1, 1));
        rows.Accept("screen sixteen monitors", Daemon, Config(1600, 1080, 16, sixteen));
        rows.Reject("screen no monitor", Daemon, Config(1920, 1080, 0), ScreenLayoutInvalid);
        rows.Reject("screen seventeen monitors", Daemon, Config(1920, 1080, 17, 0, 0, 1920, 1080), ScreenLayoutInvalid);
        rows.Reject("screen count 2^32-1", Daemon, Config(1920, 1080, uint.MaxValue, 0, 0, 1920, 1080), ScreenLayoutInvalid);
        rows.Reject("screen width 0", Daemon, Config(0, 1080, 1, 0, 0, 1, 1), ScreenLayoutInvalid);
        rows.Reject("screen width 16385", Daemon, Config(16385, 1080, 1, 0, 0, 1, 1), ScreenLayoutInvalid);
        rows.Reject("screen height 6145", Daemon, Config(1920, 6145, 1, 0, 0, 1, 1), ScreenLayoutInvalid);
        rows.Reject("monitor empty", Daemon, Config(1920, 1080, 1, 0, 0, 0, 1080), ScreenMonitorInvalid);
        rows.Reject("monitor one pixel past the right edge", Daemon, Config(1920, 1080, 1, 1, 0, 1920, 1080), ScreenMonitorInvalid);
        rows.Reject("monitor one pixel past the bottom", Daemon, Config(1920, 1080, 1, 0, 1, 1920, 1080), ScreenMonitorInvalid);
        rows.Reject("monitor x that wraps", Daemon, Config(1920, 1080, 1, uint.MaxValue, 0, 2, 1080), ScreenMonitorInvalid);
        rows.Reject("monitor width that wraps", Daemon, Config(1920, 1080, 1, 10, 0, uint.MaxValue - 5, 1080), ScreenMonitorInvalid);
        rows.Reject("second monitor outside", Daemon, Config(1920, 1080, 2, 0, 0, 1920, 1080, 1920, 0, 1920, 1080), ScreenMonitorInvalid);
        rows.Reject("a slot past the count not zero", Daemon, Config(1920, 1080, 1, 0, 0, 1920, 1080, 0, 0, 0, 1), ScreenMonitorInvalid);
        rows.Reject("screen config with a window", Daemon, Message(ScreenConfig, W, [1920, 1080, 1, 0, 0, 1920, 1080, .. new uint[60]]), WindowIdNotZero);
        rows.Reject("screen config from an agent", Agent, Config(1920, 1080, 1, 0, 0, 1920, 1080), WrongDirection);
        rows.Reject("screen config 4 bytes short", Daemon, Message(ScreenConfig, 0, [1920, 1080, 1, 0, 0, 1920, 1080, .. new uint[59]]), WrongLength);
    }

    /// <summary>FILE_*: the name of a copied file (one path component), its size, the source field, the reason codes, the path.</summary>
    private static void Files(RowSet rows)
    {
        static byte[] Header(ulong size, byte[] nameField, byte[]? from = null)
        {
            var body = new byte[8 + Limits.FileNameBytes + Limits.FileFromBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(body, size);
            nameField.CopyTo(body, 8);
            (from ?? []).CopyTo(body, 8 + Limits.FileNameBytes);
            return WithBody(FileHeader, 0, body);
        }

        static byte[] Name(string name) => Field(Encoding.UTF8.GetBytes(name), Limits.FileNameBytes);
        byte[] qube = Field("work"u8.ToArray(), Limits.FileFromBytes);

        rows.Accept("file header smallest", Agent, Header(0, Name("a")));
        rows.Accept("file header 1 GiB, 255-byte name", Agent, Header(1UL << 30, Name(new string('n', 255))));
        rows.Accept("file header with dots and spaces", Agent, Header(5, Name("..hidden .tar.gz")));
        rows.Accept("file header to the target", Daemon, Header(5, Name("notes.txt"), qube));
        rows.Reject("file header 1 GiB + 1", Agent, Header((1UL << 30) + 1, Name("a")), FileSizeOutOfRange);
        rows.Reject("file header size 2^64-1", Agent, Header(ulong.MaxValue, Name("a")), FileSizeOutOfRange);
        rows.Reject("file name empty", Agent, Header(1, Name("")), FileNameInvalid);
        rows.Reject("file name .", Agent, Header(1, Name(".")), FileNameInvalid);
        rows.Reject("file name ..", Agent, Header(1, Name("..")), FileNameInvalid);
        rows.Reject("file name ../x", Agent, Header(1, Name("../x")), FileNameInvalid);
        rows.Reject("file name a/b", Agent, Header(1, Name("a/b")), FileNameInvalid);
        rows.Reject("file name /etc", Agent, Header(1, Name("/etc")), FileNameInvalid);
        rows.Reject("file name escape", Agent, Header(1, Name("\u001b[31m")), FileNameInvalid);
        rows.Reject("file name newline", Agent, Header(1, Name("a\nb")), FileNameInvalid);
        rows.Reject("file name DEL", Agent, Header(1, Name("a\u007f")), FileNameInvalid);
        rows.Reject("file name C1", Agent, Header(1, Name("a\u0085")), FileNameInvalid);
        rows.Reject("file name RLO", Agent, Header(1, Name("txt.\u202Eexe")), FileNameInvalid);
        rows.Reject("file name not UTF-8", Agent, Header(1, Field([0x61, 0xC3], Limits.FileNameBytes)), FileNameInvalid);
        rows.Reject("file name 256 bytes, no NUL", Agent, Header(1, Field(Encoding.ASCII.GetBytes(new string('n', 256)), Limits.FileNameBytes)), FileNameInvalid);
        rows.Reject("file name bytes after the NUL", Agent, Header(1, Field([0x61, 0, 0x62], Limits.FileNameBytes)), FileNameInvalid);
        rows.Reject("file header from an agent names a qube", Agent, Header(1, Name("a"), qube), FileFromNotEmpty);
        rows.Reject("file header to a target without a source", Daemon, Header(1, Name("a")), FileFromNotEmpty);
        rows.Reject("file header source with a slash", Daemon, Header(1, Name("a"), Field("a/b"u8.ToArray(), Limits.FileFromBytes)), FileFromNotEmpty);
        rows.Accept("file data 1 byte", Agent, WithBody(FileData, 0, [7]));
        rows.Accept("file data 65536 bytes", Agent, WithBody(FileData, 0, new byte[Limits.FileChunkBytes]));
        rows.Reject("file data empty", Agent, WithBody(FileData, 0, []), FileDataEmpty);
        rows.Reject("file data 65537 bytes", Agent, Raw((uint)FileData, 0, Limits.FileChunkBytes + 1, []), BodyTooLarge);
        rows.Accept("file error 1", Agent, Message(MessageType.FileError, 0, 1));
        rows.Accept("file error 11", Agent, Message(MessageType.FileError, 0, 11));
        rows.Reject("file error 0", Agent, Message(MessageType.FileError, 0, 0), FileErrorUnknown);
        rows.Reject("file error 12", Agent, Message(MessageType.FileError, 0, 12), FileErrorUnknown);
        rows.Accept("file send", Daemon, WithBody(FileSend, 0, Field("/home/user/a b.txt"u8.ToArray(), Limits.FilePathBytes)));
        rows.Reject("file send empty path", Daemon, WithBody(FileSend, 0, new byte[Limits.FilePathBytes]), FilePathInvalid);
        rows.Reject("file send 4096 bytes, no NUL", Daemon, WithBody(FileSend, 0, Encoding.ASCII.GetBytes(new string('p', Limits.FilePathBytes))), FilePathInvalid);
        rows.Reject("file send not UTF-8", Daemon, WithBody(FileSend, 0, Field([0x2F, 0xFF], Limits.FilePathBytes)), FilePathInvalid);
        rows.Reject("file send bytes after the NUL", Daemon, WithBody(FileSend, 0, Field([0x2F, 0, 0x2F], Limits.FilePathBytes)), FilePathInvalid);
    }

    private static void Geometry(RowSet rows)
    {
        foreach (MessageType type in new[] { Create, CreateArgb, Configure })
        {
            uint[] Body(uint x, uint y, uint w, uint h, uint or) => type is Create or CreateArgb ? [x, y, w, h, 0, or] : [x, y, w, h, or];
            rows.Accept($"{type} smallest", Agent, Message(type, W, Body(0, 0, 1, 1, 0)));
            rows.Accept($"{type} largest, far corner", Agent, Message(type, W, Body(32767, I(-32767), 16384, 6144, 1)));
            rows.Reject($"{type} x 32768", Agent, Message(type, W, Body(32768, 0, 1, 1, 0)), PositionOutOfRange);
            rows.Reject($"{type} y -32768", Agent, Message(type, W, Body(0, I(-32768), 1, 1, 0)), PositionOutOfRange);
            rows.Reject($"{type} x int.MinValue", Agent, Message(type, W, Body(0x8000_0000, 0, 1, 1, 0)), PositionOutOfRange);
            rows.Reject($"{type} width 0", Agent, Message(type, W, Body(0, 0, 0, 1, 0)), SizeOutOfRange);
            rows.Reject($"{type} height 0", Agent, Message(type, W, Body(0, 0, 1, 0, 0)), SizeOutOfRange);
            rows.Reject($"{type} width 16385", Agent, Message(type, W, Body(0, 0, 16385, 1, 0)), SizeOutOfRange);
            rows.Reject($"{type} height 6145", Agent, Message(type, W, Body(0, 0, 1, 6145, 0)), SizeOutOfRange);
            rows.Reject($"{type} width 2^32-1", Agent, Message(type, W, Body(0, 0, uint.MaxValue, 1, 0)), SizeOutOfRange);
            rows.Reject($"{type} override_redirect 2", Agent, Message(type, W, Body(0, 0, 1, 1, 2)), BooleanOutOfRange);
        }

        rows.Accept("configure from the daemon", Daemon, Message(Configure, W, 10, 20, 300, 200, 0));
        rows.Reject("create with a parent", Agent, Message(Create, W, 0, 0, 1, 1, 5, 0), ParentNotSupported);
        rows.Reject("create argb with a parent", Agent, Message(CreateArgb, W, 0, 0, 1, 1, 5, 0), ParentNotSupported);

        rows.Accept("map plain", Agent, Message(Map, W, 0, 0));
        rows.Accept("map transient for another window", Agent, Message(Map, W, 2, 1));
        rows.Accept("map from the daemon", Daemon, Message(Map, W, 0, 0));
        rows.Reject("map transient for itself", Agent, Message(Map, W, W, 0), TransientForSelf);
        rows.Reject("map override_redirect 2", Agent, Message(Map, W, 0, 2), BooleanOutOfRange);

        rows.Accept("shmimage 1x1 at origin", Agent, Message(ShmImage, W, 0, 0, 1, 1));
        rows.Accept("shmimage last pixel", Agent, Message(ShmImage, W, 16383, 6143, 1, 1));
        rows.Accept("shmimage whole largest window", Agent, Message(ShmImage, W, 0, 0, 16384, 6144));
        rows.Reject("shmimage width 0", Agent, Message(ShmImage, W, 0, 0, 0, 1), RectangleOutOfRange);
        rows.Reject("shmimage height 0", Agent, Message(ShmImage, W, 0, 0, 1, 0), RectangleOutOfRange);
        rows.Reject("shmimage x past the edge", Agent, Message(ShmImage, W, 16384, 0, 1, 1), RectangleOutOfRange);
        rows.Reject("shmimage right edge past", Agent, Message(ShmImage, W, 1, 0, 16384, 1), RectangleOutOfRange);
        rows.Reject("shmimage bottom edge past", Agent, Message(ShmImage, W, 0, 1, 1, 6144), RectangleOutOfRange);
        rows.Reject("shmimage negative x", Agent, Message(ShmImage, W, I(-1), 0, 1, 1), RectangleOutOfRange);
        rows.Reject("shmimage x+w wraps 32 bits", Agent, Message(ShmImage, W, 0xFFFF_FFF0, 0, 0x20, 1), RectangleOutOfRange);

        rows.Accept("dump 1x1", Agent, Message(WindowDump, W, 1, 1, 1, 24, 4));
        rows.Accept("dump largest", Agent, Message(WindowDump, W, 1, 16384, 6144, 24, 65536));
        rows.Accept("dump padded stride", Agent, Message(WindowDump, W, 1, 10, 10, 24, 64));
        rows.Reject("dump of Xen grant refs", Agent, Message(WindowDump, W, 0, 1, 1, 24, 4), DumpTypeUnsupported);
        rows.Reject("dump of unknown type", Agent, Message(WindowDump, W, 2, 1, 1, 24, 4), DumpTypeUnsupported);
        rows.Reject("dump bpp 32", Agent, Message(WindowDump, W, 1, 1, 1, 32, 4), DumpDepthUnsupported);
        rows.Reject("dump width 0", Agent, Message(WindowDump, W, 1, 0, 1, 24, 4), SizeOutOfRange);
        rows.Reject("dump height 6145", Agent, Message(WindowDump, W, 1, 1, 6145, 24, 4), SizeOutOfRange);
        rows.Reject("dump stride below width*4", Agent, Message(WindowDump, W, 1, 10, 1, 24, 36), DumpStrideInvalid);
        rows.Reject("dump stride not a multiple of 4", Agent, Message(WindowDump, W, 1, 1, 1, 24, 6), DumpStrideInvalid);
        rows.Reject("dump stride above the largest", Agent, Message(WindowDump, W, 1, 1, 1, 24, 65540), DumpStrideInvalid);
        rows.Reject("dump stride 2^32-4", Agent, Message(WindowDump, W, 1, 1, 1, 24, 0xFFFF_FFFC), DumpStrideInvalid);

        foreach (PeerRole sender in new[] { Agent, Daemon })
        {
            rows.Accept($"clipboard image 1x1 from {sender}", sender, Message(ClipboardImage, 0, 1, 1));
            rows.Accept($"clipboard image 4096x4096 from {sender}", sender, Message(ClipboardImage, 0, 4096, 4096));
            rows.Reject($"clipboard image width 0 from {sender}", sender, Message(ClipboardImage, 0, 0, 1), ClipboardImageSizeOutOfRange);
            rows.Reject($"clipboard image height 0 from {sender}", sender, Message(ClipboardImage, 0, 1, 0), ClipboardImageSizeOutOfRange);
            rows.Reject($"clipboard image width 4097 from {sender}", sender, Message(ClipboardImage, 0, 4097, 1), ClipboardImageSizeOutOfRange);
            rows.Reject($"clipboard image height 4097 from {sender}", sender, Message(ClipboardImage, 0, 1, 4097), ClipboardImageSizeOutOfRange);
            rows.Reject($"clipboard image 65536x65536 (x4 wraps 32 bits) from {sender}", sender, Message(ClipboardImage, 0, 65536, 65536), ClipboardImageSizeOutOfRange);
            rows.Reject($"clipboard image width 2^32-1 from {sender}", sender, Message(ClipboardImage, 0, uint.MaxValue, 1), ClipboardImageSizeOutOfRange);
        }

        // WINDOW_ICON: sides 1..128, body exactly 8 + width x height x 4.
        static byte[] Icon(uint width, uint height, int pixelBytes) => WithBody(WindowIcon, W, [.. U32s([width, height]), .. new byte[pixelBytes]]);
        rows.Accept("window icon 1x1", Agent, Icon(1, 1, 4));
        rows.Accept("window icon 128x128", Agent, Icon(128, 128, 128 * 128 * 4));
        rows.Accept("window icon 128x1", Agent, Icon(128, 1, 128 * 4));
        rows.Reject("window icon width 0", Agent, Icon(0, 1, 0), WindowIconSizeInvalid);
        rows.Reject("window icon height 0", Agent, Icon(1, 0, 0), WindowIconSizeInvalid);
        rows.Reject("window icon width 129", Agent, Icon(129, 1, 129 * 4), WindowIconSizeInvalid);
        rows.Reject("window icon 65536x65536 (x4 wraps 32 bits), no pixels", Agent, Icon(65536, 65536, 0), WindowIconSizeInvalid);
        rows.Reject("window icon one byte short", Agent, Icon(2, 2, 15), WindowIconSizeInvalid);
        rows.Reject("window icon one byte over", Agent, Icon(2, 2, 17), WindowIconSizeInvalid);
        rows.Reject("window icon one pixel over", Agent, Icon(1, 1, 8), WindowIconSizeInvalid);
        rows.Reject("window icon empty body", Agent, WithBody(WindowIcon, W, []), WindowIconSizeInvalid);
        rows.Reject("window icon body of 7 bytes", Agent, WithBody(WindowIcon, W, new byte[7]), WindowIconSizeInvalid);
        rows.Reject("window icon body above 8 + 128x128x4", Agent, Raw((uint)WindowIcon, W, (uint)Limits.MaxWindowIconBodyBytes + 1, []), BodyTooLarge);
    }

    private static void Text(RowSet rows)
    {
        byte[] title127 = Encoding.ASCII.GetBytes(new string('t', 127));
        rows.Accept("title empty", Agent, WithBody(WindowName, W, new byte[128]));
        rows.Accept("title 127 bytes", Agent, WithBody(WindowName, W, Field(title127, 128)));
        rows.Accept("title with invalid UTF-8 (sanitized, not refused)", Agent, WithBody(WindowName, W, Field([0xC3, 0x28, 0xFF], 128)));
        rows.Reject("title 128 bytes, no NUL", Agent, WithBody(WindowName, W, Encoding.ASCII.GetBytes(new string('t', 128))), TextNotTerminated);
        rows.Reject("title hides bytes after the NUL", Agent, WithBody(WindowName, W, Field("a\0b"u8.ToArray(), 128)), TextPaddingNotZero);
        rows.Reject("title with a non-zero last byte", Agent, WithBody(WindowName, W, Field([.. "a"u8, 0, .. new byte[125], 1], 128)), TextPaddingNotZero);

        byte[] Class(byte[] c, byte[] n) => [.. c, .. n];
        rows.Accept("class", Agent, WithBody(WindowClass, W, Class(Field("XTerm"u8.ToArray(), 64), Field("xterm"u8.ToArray(), 64))));
        rows.Accept("class 63+63 bytes", Agent, WithBody(WindowClass, W, Class(Field(new byte[63].Select(_ => (byte)'c').ToArray(), 64), Field(new byte[63].Select(_ => (byte)'n').ToArray(), 64))));
        rows.Reject("class not terminated", Agent, WithBody(WindowClass, W, Class(new byte[64].Select(_ => (byte)'c').ToArray(), new byte[64])), TextNotTerminated);
        rows.Reject("instance not terminated", Agent, WithBody(WindowClass, W, Class(new byte[64], new byte[64].Select(_ => (byte)'n').ToArray())), TextNotTerminated);
        rows.Reject("instance hides bytes after the NUL", Agent, WithBody(WindowClass, W, Class(new byte[64], Field("x\0y"u8.ToArray(), 64))), TextPaddingNotZero);
    }

    private static void WindowState(RowSet rows)
    {
        rows.Accept("hints none", Agent, Message(WindowHints, W, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        rows.Accept("hints all flags, largest sizes", Agent, Message(WindowHints, W, 0x3FF, 16384, 6144, 16384, 6144, 16384, 6144, 16384, 6144));
        rows.Accept("hints min above max without MaxSize", Agent, Message(WindowHints, W, 0x10, 500, 500, 100, 100, 0, 0, 0, 0));
        rows.Reject("hints unknown flag", Agent, Message(WindowHints, W, 0x400, 0, 0, 0, 0, 0, 0, 0, 0), HintsUnknownFlags);
        rows.Reject("hints min width 16385", Agent, Message(WindowHints, W, 0x10, 16385, 1, 0, 0, 0, 0, 0, 0), HintsOutOfRange);
        rows.Reject("hints max height 6145", Agent, Message(WindowHints, W, 0x20, 0, 0, 1, 6145, 0, 0, 0, 0), HintsOutOfRange);
        rows.Reject("hints base height 2^32-1 (flag unset)", Agent, Message(WindowHints, W, 0, 0, 0, 0, 0, 0, 0, 0, uint.MaxValue), HintsOutOfRange);
        rows.Reject("hints min above max", Agent, Message(WindowHints, W, 0x30, 200, 10, 100, 10, 0, 0, 0, 0), HintsMinAboveMax);

        rows.Accept("flags set fullscreen", Agent, Message(WindowFlags, W, 1, 0));
        rows.Accept("flags clear all", Agent, Message(WindowFlags, W, 0, 7));
        rows.Accept("flags from the daemon", Daemon, Message(WindowFlags, W, 4, 0));
        rows.Reject("flags unknown bit", Agent, Message(WindowFlags, W, 8, 0), FlagsUnknownBits);
        rows.Reject("flags unknown bit to clear", Agent, Message(WindowFlags, W, 0, 0x8000_0000), FlagsUnknownBits);
        rows.Reject("flags set and clear the same", Agent, Message(WindowFlags, W, 2, 2), FlagsSetAndUnset);

        rows.Accept("type normal", Agent, Message(WindowType, W, 0, 0));
        rows.Accept("type dnd, every state", Agent, Message(WindowType, W, 11, 7));
        rows.Reject("type 12", Agent, Message(WindowType, W, 12, 0), WindowTypeUnknown);
        rows.Reject("type 2^32-1", Agent, Message(WindowType, W, uint.MaxValue, 0), WindowTypeUnknown);
        rows.Reject("type state bit 3", Agent, Message(WindowType, W, 1, 8), WindowTypeStatesUnknown);
        rows.Reject("type state top bit", Agent, Message(WindowType, W, 0, 0x8000_0000), WindowTypeStatesUnknown);

        rows.Accept("cursor default", Agent, Message(Cursor, W, 0));
        rows.Accept("cursor first glyph", Agent, Message(Cursor, W, 0x100));
        rows.Accept("cursor last glyph", Agent, Message(Cursor, W, 0x198));
        foreach (uint id in new uint[] { 1, 0xFF, 0x101, 0x19a, 0x19b, uint.MaxValue })
        {
            rows.Reject($"cursor 0x{id:x}", Agent, Message(Cursor, W, id), CursorOutOfRange);
        }

        rows.Accept("dock", Agent, Message(Dock, W));
        rows.Accept("close", Daemon, Message(Close, W));
        rows.Accept("clipboard request", Daemon, Message(ClipboardRequest, 0));
        rows.Accept("paste", Daemon, WithBody(ClipboardData, 0, "héllo"u8.ToArray()));
        rows.Accept("dump ack", Daemon, Message(WindowDumpAck, W));
        rows.Accept("keymap", Daemon, WithBody(KeymapNotify, 0, Enumerable.Range(0, 32).Select(i => (byte)(i * 37)).ToArray()));
        Keyboard(rows);
    }

    /// <summary>KEYBOARD_LAYOUT: group, then five 64-byte name fields (rules, model, layout, variant, options).</summary>
    private static byte[] Layout(uint group, params byte[][] fields)
    {
        var body = new byte[4 + (5 * 64)];
        BitConverter.TryWriteBytes(body.AsSpan(0, 4), group);
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i].CopyTo(body, 4 + (i * 64));
        }

        return WithBody(KeyboardLayout, 0, body);
    }

    private static void Keyboard(RowSet rows)
    {
        byte[] evdev = "evdev"u8.ToArray(), pc105 = "pc105"u8.ToArray();
        rows.Accept("layout de", Daemon, Layout(0, evdev, pc105, "de"u8.ToArray()));
        rows.Accept("layout two groups, options, group 3", Daemon, Layout(3, evdev, pc105, "us,de"u8.ToArray(), ",nodeadkeys"u8.ToArray(), "grp:alt_shift_toggle,compose:ralt"u8.ToArray()));
        rows.Accept("layout ca(fr), 63-byte options", Daemon, Layout(0, evdev, pc105, "ca(fr)"u8.ToArray(), [], new byte[63].Select(_ => (byte)'a').ToArray()));
        rows.Reject("layout group 4", Daemon, Layout(4, evdev, pc105, "de"u8.ToArray()), KeyboardGroupOutOfRange);
        rows.Reject("layout empty", Daemon, Layout(0, evdev, pc105, []), KeyboardNameInvalid);
        rows.Reject("layout with a slash", Daemon, Layout(0, evdev, pc105, "../../etc"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("layout with a space", Daemon, Layout(0, evdev, pc105, "de us"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("layout with a quote", Daemon, Layout(0, evdev, pc105, "de'"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("model starting with -", Daemon, Layout(0, evdev, "-print"u8.ToArray(), "de"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("options with a semicolon", Daemon, Layout(0, evdev, pc105, "de"u8.ToArray(), [], "a;b"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("rules with a byte above 0x7f", Daemon, Layout(0, [0x65, 0xC3, 0xA9], pc105, "de"u8.ToArray()), KeyboardNameInvalid);
        rows.Reject("layout field without a NUL", Daemon, Layout(0, evdev, pc105, new byte[64].Select(_ => (byte)'a').ToArray()), TextNotTerminated);
        rows.Reject("variant with a byte after its NUL", Daemon, Layout(0, evdev, pc105, "de"u8.ToArray(), [0x6E, 0, 0x78]), TextPaddingNotZero);
        rows.Accept("keysyms of keycode 8", Daemon, Message(Keysyms, 0, 8, 0xe9, 0xc9, 0xe9, 0xc9, 0, 0, 0, 0));
        rows.Accept("keysyms largest", Daemon, Message(Keysyms, 0, 255, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF, 0x1FFFFFFF));
        rows.Reject("keysyms keycode 7", Daemon, Message(Keysyms, 0, 7, 0x61, 0, 0, 0, 0, 0, 0, 0), KeycodeOutOfRange);
        rows.Reject("keysyms keycode 256", Daemon, Message(Keysyms, 0, 256, 0x61, 0, 0, 0, 0, 0, 0, 0), KeycodeOutOfRange);
        rows.Reject("keysym with a top bit", Daemon, Message(Keysyms, 0, 38, 0x61, 0, 0, 0, 0, 0, 0, 0x20000000), KeysymOutOfRange);
    }

    private static void Input(RowSet rows)
    {
        rows.Accept("key press", Daemon, Message(KeyPress, W, 2, 0, 0, 0, 8));
        rows.Accept("key release, all state bits", Daemon, Message(KeyPress, W, 3, I(-5), 10, 0x1FFF, 255));
        rows.Reject("key event type 4", Daemon, Message(KeyPress, W, 4, 0, 0, 0, 38), EventTypeInvalid);
        rows.Reject("key state bit 13", Daemon, Message(KeyPress, W, 2, 0, 0, 0x2000, 38), InputStateInvalid);
        rows.Reject("keycode 7", Daemon, Message(KeyPress, W, 2, 0, 0, 0, 7), KeycodeOutOfRange);
        rows.Reject("keycode 256", Daemon, Message(KeyPress, W, 2, 0, 0, 0, 256), KeycodeOutOfRange);
        rows.Reject("key x 40000", Daemon, Message(KeyPress, W, 2, 40000, 0, 0, 38), PositionOutOfRange);

        rows.Accept("button 1 press", Daemon, Message(Button, W, 4, 1, 1, 0, 1));
        rows.Accept("button 255 release", Daemon, Message(Button, W, 5, 1, 1, 0x100, 255));
        rows.Reject("button event type 2", Daemon, Message(Button, W, 2, 0, 0, 0, 1), EventTypeInvalid);
        rows.Reject("button 0", Daemon, Message(Button, W, 4, 0, 0, 0, 0), ButtonOutOfRange);
        rows.Reject("button 256", Daemon, Message(Button, W, 4, 0, 0, 0, 256), ButtonOutOfRange);

        rows.Accept("motion", Daemon, Message(Motion, W, 5, 6, 0, 0));
        rows.Accept("motion hint", Daemon, Message(Motion, W, I(-32767), 32767, 0x1FFF, 1));
        rows.Reject("motion is_hint 2", Daemon, Message(Motion, W, 5, 6, 0, 2), BooleanOutOfRange);
        rows.Reject("motion state", Daemon, Message(Motion, W, 5, 6, 0xFFFF_FFFF, 0), InputStateInvalid);

        rows.Accept("enter", Daemon, Message(Crossing, W, 7, 1, 1, 0, 0, 0, 0));
        rows.Accept("leave, largest mode and detail", Daemon, Message(Crossing, W, 8, 1, 1, 0, 2, 4, 1));
        rows.Reject("crossing type 9", Daemon, Message(Crossing, W, 9, 1, 1, 0, 0, 0, 0), EventTypeInvalid);
        rows.Reject("crossing mode 3", Daemon, Message(Crossing, W, 7, 1, 1, 0, 3, 0, 0), CrossingModeInvalid);
        rows.Reject("crossing detail 5", Daemon, Message(Crossing, W, 7, 1, 1, 0, 0, 5, 0), CrossingModeInvalid);
        rows.Reject("crossing focus 2", Daemon, Message(Crossing, W, 7, 1, 1, 0, 0, 0, 2), BooleanOutOfRange);

        rows.Accept("focus in", Daemon, Message(Focus, W, 9, 0, 0));
        rows.Accept("focus out, largest mode and detail", Daemon, Message(Focus, W, 10, 3, 7));
        rows.Reject("focus type 7", Daemon, Message(Focus, W, 7, 0, 0), EventTypeInvalid);
        rows.Reject("focus mode 4", Daemon, Message(Focus, W, 9, 4, 0), CrossingModeInvalid);
        rows.Reject("focus detail 8", Daemon, Message(Focus, W, 9, 0, 8), CrossingModeInvalid);
    }
}
