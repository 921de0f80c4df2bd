using System.Buffers.Binary;
using System.Text;
using GuiVirt.Protocol;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// Raw messages as bytes, valid or not: header (type, window, length) then the body's 32-bit
/// fields, little-endian, laid out as docs/protocol.md section 5 says.
/// </summary>
internal static class Wire
{
    /// <summary>A header with any length, and then <paramref name="body"/> (which need not match it).</summary>
    public static byte[] Raw(uint type, uint window, uint length, ReadOnlySpan<byte> body = default)
    {
        var bytes = new byte[MessageHeader.Size + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), window);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), length);
        body.CopyTo(bytes.AsSpan(MessageHeader.Size));
        return bytes;
    }

    /// <summary>A message whose body is <paramref name="fields"/>, with the matching length.</summary>
    public static byte[] Fields(MessageType type, uint window, params uint[] fields)
    {
        var body = new byte[fields.Length * 4];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(i * 4), fields[i]);
        }

        return Raw((uint)type, window, (uint)body.Length, body);
    }

    public static byte[] Empty(MessageType type, uint window) => Raw((uint)type, window, 0);

    public static byte[] Create(uint window, int x, int y, uint width, uint height, uint overrideRedirect = 0, uint parent = 0) =>
        Fields(MessageType.Create, window, (uint)x, (uint)y, width, height, parent, overrideRedirect);

    public static byte[] Map(uint window, uint transientFor = 0, uint overrideRedirect = 0) =>
        Fields(MessageType.Map, window, transientFor, overrideRedirect);

    public static byte[] Unmap(uint window) => Empty(MessageType.Unmap, window);

    public static byte[] Configure(uint window, int x, int y, uint width, uint height, uint overrideRedirect = 0) =>
        Fields(MessageType.Configure, window, (uint)x, (uint)y, width, height, overrideRedirect);

    public static byte[] Dump(uint window, uint width, uint height, uint stride, uint type = 1, uint bpp = 24) =>
        Fields(MessageType.WindowDump, window, type, width, height, bpp, stride);

    /// <summary>WMNAME with the raw 128-byte field (pad or not as the scenario wants).</summary>
    public static byte[] Name(uint window, ReadOnlySpan<byte> field128) => Raw((uint)MessageType.WindowName, window, Limits.TitleBytes, field128);

    /// <summary>WMNAME from text: UTF-8 bytes (at most 127), NUL-padded.</summary>
    public static byte[] Name(uint window, string title) => Name(window, Padded(Encoding.UTF8.GetBytes(title), Limits.TitleBytes));

    public static byte[] Padded(byte[] text, int size)
    {
        var field = new byte[size];
        text.AsSpan(0, Math.Min(text.Length, size)).CopyTo(field);
        return field;
    }

    /// <summary>A window created, named and mapped, at a place on the host far from the honest qube's window.</summary>
    public static byte[] Shown(uint window, string title, int x = 700, int y = 400, uint width = 100, uint height = 80, uint overrideRedirect = 0) =>
        [.. Create(window, x, y, width, height, overrideRedirect), .. Name(window, title), .. Map(window, overrideRedirect: overrideRedirect)];

    /// <summary>FILE_HEADER with a raw name field (256 bytes: pad it or not) and source field (32 bytes, zero unless given).</summary>
    public static byte[] FileHeader(ulong size, ReadOnlySpan<byte> nameField, ReadOnlySpan<byte> fromField = default)
    {
        var body = new byte[8 + Limits.FileNameBytes + Limits.FileFromBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(body, size);
        nameField[..Math.Min(nameField.Length, Limits.FileNameBytes)].CopyTo(body.AsSpan(8));
        fromField.CopyTo(body.AsSpan(8 + Limits.FileNameBytes));
        return Raw((uint)MessageType.FileHeader, 0, (uint)body.Length, body);
    }

    /// <summary>FILE_HEADER from a name as text, NUL-padded.</summary>
    public static byte[] FileHeader(ulong size, string name) => FileHeader(size, Padded(Encoding.UTF8.GetBytes(name), Limits.FileNameBytes));

    /// <summary>FILE_DATA with these bytes.</summary>
    public static byte[] FileData(ReadOnlySpan<byte> bytes) => Raw((uint)MessageType.FileData, 0, (uint)bytes.Length, bytes);

    /// <summary>A FILE_* message without a body (FILE_END, FILE_ACK, FILE_CANCEL).</summary>
    public static byte[] File(MessageType type) => Raw((uint)type, 0, 0);
}
