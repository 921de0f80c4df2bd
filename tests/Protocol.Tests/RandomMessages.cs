using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Tests;

/// <summary>Random valid messages of every type, written with <see cref="MessageWriter"/>.</summary>
internal sealed class RandomMessages(int seed)
{
    private static readonly string[] TextPieces = ["a", "Z", " ", "é", "€", "😀", "\n", "\t", "\u202E", "\u2066", "\u200F", "\0", "\u007F", "\u0085", "[dom0]", "日本"];

    private readonly Random _random = new(seed);

    public static IReadOnlyList<MessageType> TypesFrom(PeerRole sender) =>
        MessageTypes.All.Where(t => MessageTypes.MaySend(t, sender)).ToList();

    /// <summary>A message of <paramref name="type"/> and what a reader must hand its handler.</summary>
    public (byte[] Bytes, WindowId Window, object? Body) Next(MessageType type, PeerRole sender = PeerRole.Agent)
    {
        var window = MessageTypes.AddressesWindow(type) ? new WindowId((uint)_random.NextInt64(1, uint.MaxValue + 1L)) : WindowId.None;
        var buffer = new byte[MessageReader.MaxMessageSize];
        object? body;
        int length;
        switch (type)
        {
            case MessageType.ClipboardData:
                byte[] text = new byte[_random.Next(4) == 0 ? Limits.MaxClipboardBytes : _random.Next(0, 2000)];
                _random.NextBytes(text);
                length = MessageWriter.WriteClipboardData(buffer, text);
                body = text;
                break;
            case MessageType.FileData:
                byte[] chunk = new byte[_random.Next(4) == 0 ? Limits.FileChunkBytes : _random.Next(1, 2000)];
                _random.NextBytes(chunk);
                length = MessageWriter.WriteFileData(buffer, chunk);
                body = chunk;
                break;
            case MessageType.WindowIcon:
                int iconWidth = _random.Next(1, Limits.MaxWindowIconSide + 1), iconHeight = _random.Next(1, Limits.MaxWindowIconSide + 1);
                byte[] argb = new byte[iconWidth * iconHeight * Limits.WindowIconBytesPerPixel];
                _random.NextBytes(argb);
                length = MessageWriter.WriteWindowIcon(buffer, window, iconWidth, iconHeight, argb);
                body = new Shared.MessageRecorder.RecordedIcon(iconWidth, iconHeight, argb);
                break;
            case MessageType.FileHeader:
                // Only the daemon names the source qube; an agent leaves the field empty.
                (length, body) = Write(buffer, window, new FileHeader(_random.NextInt64(Limits.MaxFileBytes + 1), FileName(), sender == PeerRole.Daemon ? "work-2" : ""));
                break;
            case var _ when MessageTypes.FixedBodySize(type) == 0:
                length = MessageWriter.WriteEmpty(buffer, type, window);
                body = null;
                break;
            default:
                (length, body) = WriteBody(buffer, type, window);
                break;
        }

        return (buffer[..length], window, body);
    }

    private (int, object) WriteBody(byte[] buffer, MessageType type, WindowId window) => type switch
    {
        MessageType.Create => Write(buffer, window, new Create(Coordinate(), Coordinate(), Width(), Height(), Bool())),
        MessageType.CreateArgb => Write(buffer, window, new CreateArgb(new Create(Coordinate(), Coordinate(), Width(), Height(), Bool()))),
        MessageType.Map => Write(buffer, window, new MapInfo(OtherWindow(window), Bool())),
        MessageType.Configure => Write(buffer, window, new Configure(Coordinate(), Coordinate(), Width(), Height(), Bool())),
        MessageType.ShmImage => Write(buffer, window, Rectangle()),
        MessageType.WindowName => Write(buffer, window, new WindowName(Text(200))),
        MessageType.WindowHints => Write(buffer, window, Hints()),
        MessageType.WindowFlags => Write(buffer, window, Flags()),
        MessageType.WindowType => Write(buffer, window, new WindowType((WindowKind)_random.Next((int)Limits.MaxWindowKind + 1), (WindowTypeStates)_random.Next(8))),
        MessageType.WindowClass => Write(buffer, window, new WindowClass(Text(80), Text(80))),
        MessageType.WindowDump => Write(buffer, window, Dump()),
        MessageType.ClipboardImage => Write(buffer, window, new ClipboardImage(_random.Next(1, Limits.MaxClipboardImageSide + 1), _random.Next(1, Limits.MaxClipboardImageSide + 1))),
        MessageType.Cursor => Write(buffer, window, _random.Next(5) == 0 ? new CursorShape(0) : CursorShape.FromFontGlyph(2 * _random.Next(77))),
        MessageType.KeyPress => Write(buffer, window, new KeyEvent(Bool(), Coordinate(), Coordinate(), State(), (uint)_random.Next(8, 256))),
        MessageType.Button => Write(buffer, window, new ButtonEvent(Bool(), Coordinate(), Coordinate(), State(), (uint)_random.Next(1, 256))),
        MessageType.Motion => Write(buffer, window, new MotionEvent(Coordinate(), Coordinate(), State(), Bool())),
        MessageType.Crossing => Write(buffer, window, new CrossingEvent(Bool(), Coordinate(), Coordinate(), State(), (uint)_random.Next(3), (uint)_random.Next(5), Bool())),
        MessageType.Focus => Write(buffer, window, new FocusEvent(Bool(), (uint)_random.Next(4), (uint)_random.Next(8))),
        MessageType.KeymapNotify => Write(buffer, window, Keys()),
        MessageType.KeyboardLayout => Write(buffer, window, new KeyboardLayout("evdev", "pc105", _random.Next(2) == 0 ? "de" : "us,de", _random.Next(2) == 0 ? "" : "nodeadkeys", "grp:alt_shift_toggle", (uint)_random.Next(4))),
        MessageType.Keysyms => Write(buffer, window, new Keysyms((uint)_random.Next(8, 256), [(uint)_random.Next(0x20000000), 0, (uint)_random.Next(0x10000)])),
        MessageType.FileSend => Write(buffer, window, new FileSend("/home/user/" + FileName())),
        MessageType.ScreenConfig => Write(buffer, window, Screen()),
        MessageType.FileError => Write(buffer, window, new FileError((FileProblem)_random.Next(1, 12))),
        _ => throw new InvalidOperationException($"no generator for {type}"),
    };

    private static (int, object) Write<T>(byte[] buffer, WindowId window, T body)
        where T : struct, IMessageBody => (MessageWriter.Write(buffer, window, body), body);

    private ScreenLayout Screen()
    {
        int width = Width(), height = Height(), count = _random.Next(1, Limits.MaxMonitors + 1);
        var monitors = new MonitorArea[count];
        for (int i = 0; i < count; i++)
        {
            int x = _random.Next(width), y = _random.Next(height);
            monitors[i] = new MonitorArea(x, y, _random.Next(1, width - x + 1), _random.Next(1, height - y + 1));
        }

        return new ScreenLayout(width, height, monitors);
    }

    private int Coordinate() => _random.Next(-Limits.MaxCoordinate, Limits.MaxCoordinate + 1);

    private int Width() => _random.Next(1, Limits.MaxWindowWidth + 1);

    private int Height() => _random.Next(1, Limits.MaxWindowHeight + 1);

    private bool Bool() => _random.Next(2) == 1;

    private uint State() => (uint)_random.Next() & Limits.InputStateMask;

    private WindowId OtherWindow(WindowId self)
    {
        uint id = _random.Next(3) == 0 ? 0 : (uint)_random.NextInt64(1, uint.MaxValue + 1L);
        return new WindowId(id == self.Value ? 0 : id);
    }

    private ShmImage Rectangle()
    {
        int x = _random.Next(Limits.MaxWindowWidth), y = _random.Next(Limits.MaxWindowHeight);
        return new ShmImage(x, y, _random.Next(1, Limits.MaxWindowWidth - x + 1), _random.Next(1, Limits.MaxWindowHeight - y + 1));
    }

    private WindowHints Hints()
    {
        var flags = (SizeHintFlags)((uint)_random.Next() & Limits.HintsFlagsMask);
        int minW = Width(), maxW = Width(), minH = Height(), maxH = Height();
        if (flags.HasFlag(SizeHintFlags.MinSize | SizeHintFlags.MaxSize))
        {
            (minW, maxW) = (Math.Min(minW, maxW), Math.Max(minW, maxW));
            (minH, maxH) = (Math.Min(minH, maxH), Math.Max(minH, maxH));
        }

        return new WindowHints(flags, minW, minH, maxW, maxH, Width(), Height(), Width(), Height());
    }

    private WindowFlags Flags()
    {
        uint set = (uint)_random.Next(8);
        return new WindowFlags((WindowStateFlags)set, (WindowStateFlags)((uint)_random.Next(8) & ~set));
    }

    private WindowDump Dump()
    {
        int width = _random.Next(1, 2000);
        int stride = (width + _random.Next(0, 16)) * Limits.BytesPerPixel;
        return new WindowDump(width, _random.Next(1, 2000), stride);
    }

    private Keymap Keys()
    {
        var bits = new byte[Limits.KeymapBytes];
        _random.NextBytes(bits);
        return new Keymap(bits);
    }

    /// <summary>A name a copy may carry: 1 to 255 bytes of letters, digits, dots and wide characters.</summary>
    private string FileName()
    {
        string[] pieces = ["a", "Z", "0", ".", "-", " ", "é", "日本", "😀"];
        var name = new System.Text.StringBuilder("f");
        int bytes = 1, count = _random.Next(80);
        for (int i = 0; i < count; i++)
        {
            string piece = pieces[_random.Next(pieces.Length)];
            bytes += System.Text.Encoding.UTF8.GetByteCount(piece);
            if (bytes > FileNames.MaxBytes)
            {
                break;
            }

            name.Append(piece);
        }

        return name.ToString();
    }

    private string Text(int pieces) =>
        string.Concat(Enumerable.Range(0, _random.Next(pieces)).Select(_ => TextPieces[_random.Next(TextPieces.Length)]));
}
