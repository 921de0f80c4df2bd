using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>
/// The 12-byte header as it came off the wire. The length field in particular is the peer's
/// claim; the only way to use any of it is <see cref="TryValidate"/>.
/// </summary>
public readonly struct UntrustedHeader
{
    internal readonly uint Type, Window, Length;

    internal UntrustedHeader(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        (Type, Window, Length) = (reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>
    /// Checks, in this order: the type is not obsolete and is defined; <paramref name="sender"/> may
    /// send it; the length equals the type's fixed size (or, for clipboard data, is within its
    /// limit); the window id is non-zero for window messages and zero for the others.
    /// </summary>
    public bool TryValidate(PeerRole sender, out MessageHeader validated, out ProtocolViolation violation)
    {
        validated = default;
        violation = Check(sender);
        if (violation != ProtocolViolation.None)
        {
            return false;
        }

        validated = new MessageHeader((MessageType)Type, new WindowId(Window), (int)Length);
        return true;
    }

    private ProtocolViolation Check(PeerRole sender)
    {
        if (MessageTypes.IsObsolete(Type))
        {
            return ProtocolViolation.ObsoleteMessageType;
        }

        if (!MessageTypes.IsDefined(Type))
        {
            return ProtocolViolation.UnknownMessageType;
        }

        var type = (MessageType)Type;
        if (!MessageTypes.MaySend(type, sender))
        {
            return ProtocolViolation.WrongDirection;
        }

        // The length decides how many bytes we buffer: a fixed size must match exactly, a
        // variable one is capped before a single body byte is read.
        if (MessageTypes.FixedBodySize(type) is int size)
        {
            if (Length != size)
            {
                return ProtocolViolation.WrongLength;
            }
        }
        else if (Length > MessageTypes.MaxBodySize(type))
        {
            return ProtocolViolation.BodyTooLarge;
        }

        return (MessageTypes.AddressesWindow(type), Window == 0) switch
        {
            (true, true) => ProtocolViolation.WindowIdZero,
            (false, false) => ProtocolViolation.WindowIdNotZero,
            _ => ProtocolViolation.None,
        };
    }
}
