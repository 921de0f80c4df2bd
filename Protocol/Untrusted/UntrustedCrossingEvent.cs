using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>CROSSING as it came off the wire.</summary>
public readonly struct UntrustedCrossingEvent
{
    internal readonly uint Type, X, Y, State, Mode, Detail, Focus;

    internal UntrustedCrossingEvent(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Type, X, Y, State, Mode, Detail, Focus) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="CrossingEvent"/>.</summary>
    public bool TryValidate(out CrossingEvent validated, out ProtocolViolation violation)
    {
        violation = Checks.First(CrossingEvent.Check(Type, Bits.Signed(X), Bits.Signed(Y), State, Mode, Detail), Checks.Boolean(Focus));
        validated = violation == ProtocolViolation.None
            ? new CrossingEvent(Type == CrossingEvent.XEnterNotify, Bits.Signed(X), Bits.Signed(Y), State, Mode, Detail, Focus == 1)
            : default;
        return violation == ProtocolViolation.None;
    }
}
