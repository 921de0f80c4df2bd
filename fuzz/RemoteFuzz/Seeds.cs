using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.Remote;
using K4os.Compression.LZ4;

namespace GuiVirt.RemoteFuzz;

/// <summary>
/// The seed corpus (fuzz/remote-corpus): an honest session written as the exporter writes it
/// (<see cref="RecordWriter"/>, <see cref="PixelDelta.Encode"/>), so the fuzzer starts past the
/// magic, the hello and the record checks, and one seed per hostile stream the importer must
/// refuse (docs/remote.md, "Stream format"; the same cases as tests/Remote.Tests).
/// </summary>
public static class Seeds
{
    private const uint Window = 1;

    /// <summary>Every seed, with a file name.</summary>
    public static IEnumerable<(string Name, byte[] Input)> All()
    {
        yield return ("session", Stream(Session));
        yield return ("hello-only", Stream(_ => { }));
        yield return ("hello-refused-by-the-daemon", Stream(w => w.Write(RecordKind.Hello, U32(new ProtocolVersion(2, 0).Packed)), hello: false));
        yield return ("hello-twice", Stream(w => w.Write(RecordKind.Hello, U32(ProtocolVersion.Current.Packed))));
        yield return ("no-hello", Stream(w => w.Write(RecordKind.Dump, U32(Window, 16, 16)), hello: false));
        yield return ("wrong-magic", [.. "GVR2"u8, .. Stream(_ => { })[4..]]);
        yield return ("cut-inside-a-record", Stream(w => w.Write(RecordKind.Dump, U32(Window, 16, 16)))[..^5]);
        yield return ("corrupt-lz4", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            byte[] garbage = new byte[300];
            new Random(3).NextBytes(garbage);
            garbage[0] = 0xF0; // a literal run that claims more bytes than follow
            w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 16, 16), garbage);
        }));
        yield return ("lz4-decodes-short", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 16, 16), Compress(new byte[16 * 15 * 4])); // a row short
        }));
        yield return ("decompression-bomb", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 16, 16), Compress(new byte[RemoteLimits.MaxRectPixelBytes])); // 4 MiB of zeros for 1 KiB
        }));
        yield return ("rect-outside-its-window", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Rect, U32(Window, 1, 10, 0, 7, 1), Compress(new byte[7 * 4]));
        }));
        yield return ("rect-wraps-in-32-bits", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Rect, U32(Window, 1, 0xFFFF_FFF0, 0, 32, 1), Compress(new byte[32 * 4]));
        }));
        yield return ("rect-over-the-decoded-bound", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 4096, 4096));
            w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 2048, 1024), Compress(new byte[4]));
        }));
        yield return ("copy-outside-its-window", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Copy, U32(Window, 0, 8, 16, 8, 4)); // rows 8..15 four down: the target leaves the buffer
        }));
        yield return ("copy-dy-wraps", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Copy, U32(Window, 0, 0, 16, 1, 0x8000_0000)); // dy = int.MinValue
        }));
        yield return ("copy-before-dump", Stream(w => w.Write(RecordKind.Copy, U32(Window, 0, 1, 1, 1, 0xFFFF_FFFF))));
        yield return ("clipboard-image-sides-out-of-range", Stream(w => w.Write(RecordKind.ClipboardImage, [.. U32(Limits.MaxClipboardImageSide + 1, 1), .. Compress(new byte[4])])));
        yield return ("clipboard-image-decodes-short", Stream(w => w.Write(RecordKind.ClipboardImage, [.. U32(4, 4), .. Compress(new byte[(4 * 4 * 4) - 4])])));
        yield return ("clipboard-image-bomb", Stream(w => w.Write(RecordKind.ClipboardImage, [.. U32(4, 4), .. Compress(new byte[1 << 20])])));
        yield return ("rect-before-dump", Stream(w => w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 1, 1), Compress(new byte[4]))));
        yield return ("rect-after-destroy", Stream(w =>
        {
            w.Write(RecordKind.Dump, U32(Window, 16, 16));
            w.Write(RecordKind.Message, Empty(MessageType.Destroy, Window));
            w.Write(RecordKind.Rect, U32(Window, 1, 0, 0, 1, 1), Compress(new byte[4]));
        }));
        yield return ("dump-out-of-range", Stream(w => w.Write(RecordKind.Dump, U32(Window, Limits.MaxWindowWidth + 1, 16))));
        yield return ("window-flood", Stream(w =>
        {
            for (uint window = 1; window <= RemoteLimits.MaxWindows + 1; window++)
            {
                w.Write(RecordKind.Dump, U32(window, 1, 1));
            }
        }));
        yield return ("buffer-flood", Stream(w =>
        {
            for (uint window = 1; window <= 3; window++)
            {
                w.Write(RecordKind.Dump, U32(window, Limits.MaxWindowWidth, Limits.MaxWindowHeight)); // 384 MiB each
            }
        }));
        yield return ("ack-from-the-exporter", Stream(w => w.Write(RecordKind.Ack, U32(Window, 1))));
        yield return ("message-carrying-window-dump", Stream(w => w.Write(RecordKind.Message, Message(Window, new WindowDump(16, 16, 64)))));
        yield return ("message-carrying-shm-image", Stream(w => w.Write(RecordKind.Message, Message(Window, new ShmImage(0, 0, 1, 1)))));

        // Lengths that lie: the record's (checked before its payload is read) and the relayed header's.
        yield return ("length-lies-dump", Header(RecordKind.Dump, 13, U32(Window, 16, 16, 0)));
        yield return ("length-lies-rect-without-block", Header(RecordKind.Rect, RemoteLimits.RectHeaderBytes, U32(Window, 1, 0, 0, 1, 1)));
        yield return ("length-lies-huge-rect", Header(RecordKind.Rect, RemoteLimits.MaxPayloadBytes + 1, []));
        yield return ("length-lies-huge-message", Header(RecordKind.Message, uint.MaxValue, []));
        yield return ("length-lies-copy", Header(RecordKind.Copy, 20, U32(Window, 0, 1, 1, 1)));
        yield return ("length-lies-clipboard-image", Header(RecordKind.ClipboardImage, RemoteLimits.ClipboardImageHeaderBytes, U32(1, 1)));
        yield return ("length-lies-unknown-kind", Header((RecordKind)77, 0, []));
        yield return ("length-lies-message-header", Stream(w =>
        {
            byte[] map = Message(Window, new MapInfo(WindowId.None, overrideRedirect: false));
            BinaryPrimitives.WriteUInt32LittleEndian(map.AsSpan(8), 4); // MAP's body is 8 bytes
            w.Write(RecordKind.Message, map);
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

    /// <summary>
    /// What the exporter sends for a window's life: CREATE, title, MAP, its buffer and pixels
    /// (a whole frame, then a band that changed), a scroll, a resize with a new buffer, text and an
    /// image on the clipboard, and DESTROY.
    /// </summary>
    private static void Session(RecordWriter w)
    {
        w.Write(RecordKind.Message, Message(Window, new Create(10, 10, 64, 48, overrideRedirect: false)));
        w.Write(RecordKind.Message, Message(Window, new WindowName("a remote window")));
        w.Write(RecordKind.Message, Message(Window, new MapInfo(WindowId.None, overrideRedirect: false)));
        byte[] frame = new byte[96 * 64 * 4];
        new Random(1).NextBytes(frame);
        byte[] lastFrame = new byte[64 * 48 * 4];
        w.Write(RecordKind.Dump, U32(Window, 64, 48));
        w.Write(RecordKind.Rect, Rect(frame, 64, lastFrame, new Rectangle(0, 0, 64, 48), sequence: 1));
        Array.Clear(frame, 0, 64 * 4 * 8);
        w.Write(RecordKind.Rect, Rect(frame, 64, lastFrame, new Rectangle(0, 0, 64, 8), sequence: 2));
        w.Write(RecordKind.Copy, U32(Window, 0, 8, 64, 40, unchecked((uint)-8))); // a scroll: rows 8..47 up by 8
        ScrollUp(lastFrame, 64 * 4, 8, 40, 8);
        w.Write(RecordKind.Rect, Rect(frame, 64, lastFrame, new Rectangle(0, 40, 64, 8), sequence: 3));
        w.Write(RecordKind.Message, Message(Window, new Configure(10, 10, 96, 64, overrideRedirect: false)));
        lastFrame = new byte[96 * 64 * 4];
        w.Write(RecordKind.Dump, U32(Window, 96, 64));
        w.Write(RecordKind.Rect, Rect(frame, 96, lastFrame, new Rectangle(8, 4, 32, 16), sequence: 4));
        byte[] clipboard = new byte[MessageHeader.Size + 9];
        w.Write(RecordKind.Message, clipboard.AsSpan(0, MessageWriter.WriteClipboardData(clipboard, "copied me"u8)));
        byte[] image = new byte[2 * 2 * 4];
        new Random(2).NextBytes(image);
        w.Write(RecordKind.ClipboardImage, [.. U32(2, 2), .. Compress(image)]); // an image copied in the far qube
        w.Write(RecordKind.Message, Empty(MessageType.Destroy, Window));
    }

    /// <summary>What a COPY of rows [y, y + height) by -dy does to the exporter's last frame (rows move up).</summary>
    private static void ScrollUp(byte[] frame, int stride, int y, int height, int up) =>
        Array.Copy(frame, y * stride, frame, (y - up) * stride, height * stride);

    private static byte[] Stream(Action<RecordWriter> records, bool hello = true)
    {
        var stream = new MemoryStream();
        var writer = new RecordWriter(stream);
        if (hello)
        {
            writer.Write(RecordKind.Hello, U32(ProtocolVersion.Current.Packed));
        }

        records(writer);
        if (stream.Length == 0)
        {
            stream.Write(RemoteLimits.Magic); // a stream of no records is the magic alone
        }

        return stream.ToArray();
    }

    /// <summary>The hello, then a record header whose length is <paramref name="length"/>, then <paramref name="payload"/>.</summary>
    private static byte[] Header(RecordKind kind, uint length, byte[] payload) =>
        [.. Stream(_ => { }), .. U32((uint)kind, length), .. payload];

    private static unsafe byte[] Rect(byte[] frame, int windowWidth, byte[] lastFrame, Rectangle rect, uint sequence)
    {
        byte[] scratch = new byte[rect.Bytes];
        byte[] block = new byte[LZ4Codec.MaximumOutputSize((int)rect.Bytes)];
        fixed (byte* pixels = frame)
        {
            int length = PixelDelta.Encode((nint)pixels, windowWidth * 4, lastFrame, windowWidth, rect, scratch, block);
            return [.. U32(Window, sequence, (uint)rect.X, (uint)rect.Y, (uint)rect.Width, (uint)rect.Height), .. block.AsSpan(0, length)];
        }
    }

    private static byte[] Message<TBody>(uint window, TBody body)
        where TBody : struct, IMessageBody
    {
        byte[] message = new byte[MessageWriter.SizeOf<TBody>()];
        MessageWriter.Write(message, new WindowId(window), body);
        return message;
    }

    private static byte[] Empty(MessageType type, uint window)
    {
        byte[] message = new byte[MessageHeader.Size];
        MessageWriter.WriteEmpty(message, type, new WindowId(window));
        return message;
    }

    private static byte[] Compress(byte[] data)
    {
        byte[] target = new byte[LZ4Codec.MaximumOutputSize(data.Length)];
        return target.AsSpan(0, LZ4Codec.Encode(data, target)).ToArray();
    }

    private static byte[] U32(params uint[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
