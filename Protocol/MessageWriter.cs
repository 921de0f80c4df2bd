using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol;

/// <summary>
/// Writes messages. It only takes validated bodies (<see cref="IMessageBody"/>), so whatever it
/// writes passes the receiver's stateless checks.
/// </summary>
public static class MessageWriter
{
    /// <summary>Bytes needed for a message of <typeparamref name="TBody"/>.</summary>
    public static int SizeOf<TBody>()
        where TBody : struct, IMessageBody => MessageHeader.Size + MessageTypes.FixedBodySize(TBody.Type)!.Value;

    /// <summary>Writes header and body; returns the bytes written.</summary>
    public static int Write<TBody>(Span<byte> destination, WindowId window, in TBody body)
        where TBody : struct, IMessageBody
    {
        int bodySize = MessageTypes.FixedBodySize(TBody.Type)!.Value;
        WriteHeader(destination, TBody.Type, window, bodySize);
        body.WriteTo(destination.Slice(MessageHeader.Size, bodySize));
        return MessageHeader.Size + bodySize;
    }

    /// <summary>Writes a message that has no body (DESTROY, UNMAP, CLOSE, CLIPBOARD_REQ, DOCK, WINDOW_DUMP_ACK).</summary>
    public static int WriteEmpty(Span<byte> destination, MessageType type, WindowId window)
    {
        if (MessageTypes.FixedBodySize(type) != 0)
        {
            throw new ArgumentException($"{type} has a body", nameof(type));
        }

        WriteHeader(destination, type, window, 0);
        return MessageHeader.Size;
    }

    /// <summary>Writes CLIPBOARD_DATA (window 0); the text must be within <see cref="Limits.MaxClipboardBytes"/>.</summary>
    public static int WriteClipboardData(Span<byte> destination, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > Limits.MaxClipboardBytes)
        {
            throw new ArgumentException($"clipboard data is limited to {Limits.MaxClipboardBytes} bytes", nameof(utf8));
        }

        WriteHeader(destination, MessageType.ClipboardData, WindowId.None, utf8.Length);
        utf8.CopyTo(destination[MessageHeader.Size..]);
        return MessageHeader.Size + utf8.Length;
    }

    /// <summary>Writes FILE_DATA (window 0): 1 to <see cref="Limits.FileChunkBytes"/> bytes.</summary>
    public static int WriteFileData(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || bytes.Length > Limits.FileChunkBytes)
        {
            throw new ArgumentException($"a file chunk is 1 to {Limits.FileChunkBytes} bytes", nameof(bytes));
        }

        WriteHeader(destination, MessageType.FileData, WindowId.None, bytes.Length);
        bytes.CopyTo(destination[MessageHeader.Size..]);
        return MessageHeader.Size + bytes.Length;
    }

    /// <summary>
    /// Writes WINDOW_ICON: <paramref name="argb"/> must be exactly width x height x 4 bytes
    /// (little-endian 0xAARRGGBB words), each side 1 to <see cref="Limits.MaxWindowIconSide"/>.
    /// </summary>
    public static int WriteWindowIcon(Span<byte> destination, WindowId window, int width, int height, ReadOnlySpan<byte> argb)
    {
        if (!Messages.WindowIcon.Fits(width, height) || argb.Length != (long)width * height * Limits.WindowIconBytesPerPixel)
        {
            throw new ArgumentException($"a window icon is 1 to {Limits.MaxWindowIconSide} pixels a side, with exactly width x height x 4 bytes", nameof(argb));
        }

        int bodyLength = Messages.WindowIcon.BodyLength(width, height);
        WriteHeader(destination, MessageType.WindowIcon, window, bodyLength);
        var writer = new WireWriter(destination.Slice(MessageHeader.Size, 8));
        writer.I32(width);
        writer.I32(height);
        argb.CopyTo(destination[(MessageHeader.Size + 8)..]);
        return MessageHeader.Size + bodyLength;
    }

    private static void WriteHeader(Span<byte> destination, MessageType type, WindowId window, int bodyLength)
    {
        if (MessageTypes.AddressesWindow(type) == window.IsNone)
        {
            throw new ArgumentException(window.IsNone ? $"{type} needs a window" : $"{type} is not about a window", nameof(window));
        }

        var writer = new WireWriter(destination);
        writer.U32((uint)type);
        writer.U32(window.Value);
        writer.I32(bodyLength);
    }
}
