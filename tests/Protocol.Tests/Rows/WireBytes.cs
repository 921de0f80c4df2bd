using System.Buffers.Binary;

namespace GuiVirt.Protocol.Tests.Rows;

/// <summary>Builds raw messages byte by byte, the way a hostile peer would.</summary>
internal static class WireBytes
{
    public static byte[] Message(uint type, uint window, params uint[] fields) => Raw(type, window, (uint)(fields.Length * 4), U32s(fields));

    public static byte[] Message(MessageType type, uint window, params uint[] fields) => Message((uint)type, window, fields);

    public static byte[] WithBody(MessageType type, uint window, byte[] body) => Raw((uint)type, window, (uint)body.Length, body);

    /// <summary>A header with any length claim, followed by <paramref name="body"/> (which may disagree).</summary>
    public static byte[] Raw(uint type, uint window, uint length, byte[] body)
    {
        var bytes = new byte[MessageHeader.Size + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), window);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), length);
        body.CopyTo(bytes, MessageHeader.Size);
        return bytes;
    }

    public static byte[] U32s(params uint[] fields)
    {
        var bytes = new byte[fields.Length * 4];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), fields[i]);
        }

        return bytes;
    }

    /// <summary>A fixed text field: <paramref name="text"/> then zeros up to <paramref name="size"/>.</summary>
    public static byte[] Field(byte[] text, int size)
    {
        var field = new byte[size];
        text.CopyTo(field, 0);
        return field;
    }

    /// <summary>A signed value as the u32 the wire carries.</summary>
    public static uint I(int value) => unchecked((uint)value);
}
