using System.Buffers.Binary;

namespace GuiVirt.Protocol.Wire;

/// <summary>Writes little-endian fields into a destination sized by the caller.</summary>
internal ref struct WireWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _offset;

    public readonly int Written => _offset;

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_destination.Slice(_offset, sizeof(uint)), value);
        _offset += sizeof(uint);
    }

    public void I32(int value) => U32(unchecked((uint)value));

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_offset..]);
        _offset += bytes.Length;
    }
}
