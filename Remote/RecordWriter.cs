using System.Buffers.Binary;

namespace GuiVirt.Remote;

/// <summary>Writes records to a stream, one whole record per write, from any thread (a lock).</summary>
public sealed class RecordWriter(Stream output)
{
    private readonly Lock _lock = new();
    private byte[] _buffer = new byte[64 * 1024];
    private bool _magicWritten;

    /// <summary>Writes one record of <paramref name="kind"/> whose payload is <paramref name="parts"/> joined, and flushes it.</summary>
    public void Write(RecordKind kind, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default)
    {
        int length = first.Length + second.Length;
        lock (_lock)
        {
            int magic = _magicWritten ? 0 : 4;
            // A part larger than the buffer (a clipboard image) is written from where it is, not copied.
            ReadOnlySpan<byte> large = second.Length > _buffer.Length ? second : default;
            int total = magic + RemoteLimits.RecordHeaderBytes + length - large.Length;
            if (_buffer.Length < total)
            {
                _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
            }

            Span<byte> span = _buffer.AsSpan(0, total);
            RemoteLimits.Magic[..magic].CopyTo(span);
            BinaryPrimitives.WriteUInt32LittleEndian(span[magic..], (uint)kind);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(magic + 4)..], (uint)length);
            first.CopyTo(span[(magic + 8)..]);
            if (large.IsEmpty)
            {
                second.CopyTo(span[(magic + 8 + first.Length)..]);
            }

            output.Write(span);
            output.Write(large);
            output.Flush();
            _magicWritten = true;
        }
    }
}
