using GuiVirt.Protocol.Untrusted;

namespace GuiVirt.Protocol;

/// <summary>
/// Finds message boundaries in a byte stream. Three outcomes, as in Kestrel's parsers: a whole
/// message is there (true), more bytes are needed (false), or the header is malformed
/// (<see cref="ProtocolViolationException"/>, thrown as soon as the 12 header bytes are there,
/// so a bad length is refused before its body is waited for or buffered).
/// </summary>
public static class MessageReader
{
    /// <summary>The largest message: what a receive buffer must hold and all it ever needs to.</summary>
    public const int MaxMessageSize = MessageHeader.Size + Limits.MaxBodyBytes;

    /// <summary>
    /// Reads the header at the start of <paramref name="buffer"/>. On true, the message is
    /// <see cref="MessageHeader.Size"/> + <see cref="MessageHeader.BodyLength"/> bytes long and
    /// all of it is in <paramref name="buffer"/>.
    /// </summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> buffer, PeerRole sender, out MessageHeader header)
    {
        if (!TryReadHeader(buffer, sender, out header))
        {
            return false;
        }

        return buffer.Length - MessageHeader.Size >= header.BodyLength;
    }

    /// <summary>Validates the header alone (false if fewer than 12 bytes are there).</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, PeerRole sender, out MessageHeader header)
    {
        header = default;
        if (buffer.Length < MessageHeader.Size)
        {
            return false;
        }

        var untrusted = new UntrustedHeader(buffer[..MessageHeader.Size]);
        if (!untrusted.TryValidate(sender, out header, out ProtocolViolation violation))
        {
            throw new ProtocolViolationException(violation);
        }

        return true;
    }

    /// <summary>The body of a message that <see cref="TryReadMessage"/> accepted.</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> buffer, MessageHeader header) =>
        buffer.Slice(MessageHeader.Size, header.BodyLength);
}
