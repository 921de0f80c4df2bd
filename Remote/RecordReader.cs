using System.Buffers.Binary;

namespace GuiVirt.Remote;

/// <summary>
/// Reads records from a stream: the magic first, then kind and length, each length bounded by its
/// kind before a byte of the payload is read (docs/remote.md). One payload buffer of the largest
/// size is reused: nothing a peer sends makes it allocate, but for a CLIPBOARD_IMAGE, whose
/// payload (up to <see cref="RemoteLimits.MaxClipboardImageRecordBytes"/>) gets an array of its
/// checked length, dropped after the record.
/// </summary>
public sealed class RecordReader(Stream input)
{
    private readonly byte[] _payload = new byte[RemoteLimits.MaxPayloadBytes];
    private readonly byte[] _header = new byte[RemoteLimits.RecordHeaderBytes];
    private bool _magicRead;

    /// <summary>
    /// The next record, its payload valid until the next call; false at a clean end of the stream
    /// (between records). Throws <see cref="RemoteStreamException"/> for a wrong magic, an
    /// unknown kind, a length its kind does not allow, or an end in the middle of a record.
    /// </summary>
    public bool TryRead(out RecordKind kind, out ReadOnlySpan<byte> untrustedPayload)
    {
        kind = default;
        untrustedPayload = default;
        if (!_magicRead)
        {
            Span<byte> magic = stackalloc byte[4];
            if (!Fill(magic, atStart: true))
            {
                return false;
            }

            if (!magic.SequenceEqual(RemoteLimits.Magic))
            {
                throw new RemoteStreamException("the stream does not start with GVR1");
            }

            _magicRead = true;
        }

        if (!Fill(_header, atStart: true))
        {
            return false;
        }

        uint untrustedKind = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        uint untrustedLength = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4));
        kind = (RecordKind)untrustedKind;

        // Security: the length is checked against its kind's bound before any payload is read.
        bool allowed = kind switch
        {
            RecordKind.Hello => untrustedLength is 4 or 20,
            RecordKind.Message => untrustedLength is >= 12 and <= RemoteLimits.MaxMessageBytes,
            RecordKind.Dump => untrustedLength == RemoteLimits.DumpBytes,
            RecordKind.Rect => untrustedLength is > RemoteLimits.RectHeaderBytes and <= RemoteLimits.MaxPayloadBytes,
            RecordKind.Ack => untrustedLength == RemoteLimits.AckBytes,
            RecordKind.Copy => untrustedLength == RemoteLimits.CopyBytes,
            RecordKind.ClipboardImage => untrustedLength is > RemoteLimits.ClipboardImageHeaderBytes and <= RemoteLimits.MaxClipboardImageRecordBytes,
            _ => throw new RemoteStreamException($"unknown record kind {untrustedKind}"),
        };
        if (!allowed)
        {
            throw new RemoteStreamException($"a {kind} record of {untrustedLength} bytes");
        }

        // A clipboard image is rare and up to 64 MiB: its own array, of the length just bounded.
        Span<byte> payload = kind == RecordKind.ClipboardImage ? new byte[untrustedLength] : _payload.AsSpan(0, (int)untrustedLength);
        if (!Fill(payload, atStart: false))
        {
            throw new RemoteStreamException($"the stream ended inside a {kind} record");
        }

        untrustedPayload = payload;
        return true;
    }

    private bool Fill(Span<byte> buffer, bool atStart)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = input.Read(buffer[filled..]);
            if (read == 0)
            {
                if (filled == 0 && atStart)
                {
                    return false;
                }

                throw new RemoteStreamException("the stream ended inside a record");
            }

            filled += read;
        }

        return true;
    }
}
