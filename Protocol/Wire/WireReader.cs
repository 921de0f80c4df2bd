using System.Buffers.Binary;

namespace GuiVirt.Protocol.Wire;

/// <summary>
/// Reads little-endian fields from a body whose length the caller already checked against the
/// message type. A read past the end is a bug in this library, never the peer's fault, so it
/// throws <see cref="InvalidOperationException"/>.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _offset;

    public uint U32()
    {
        ReadOnlySpan<byte> bytes = Bytes(sizeof(uint));
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count > _body.Length - _offset)
        {
            throw new InvalidOperationException($"read of {count} bytes at {_offset} overruns a {_body.Length}-byte body");
        }

        ReadOnlySpan<byte> bytes = _body.Slice(_offset, count);
        _offset += count;
        return bytes;
    }
}
