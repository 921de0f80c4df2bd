using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>MOTION as it came off the wire.</summary>
public readonly struct UntrustedMotionEvent
{
    internal readonly uint X, Y, State, IsHint;

    internal UntrustedMotionEvent(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (X, Y, State, IsHint) = (reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="MotionEvent"/>.</summary>
    public bool TryValidate(out MotionEvent validated, out ProtocolViolation violation)
    {
        violation = Checks.First(MotionEvent.Check(Bits.Signed(X), Bits.Signed(Y), State), Checks.Boolean(IsHint));
        validated = violation == ProtocolViolation.None ? new MotionEvent(Bits.Signed(X), Bits.Signed(Y), State, IsHint == 1) : default;
        return violation == ProtocolViolation.None;
    }
}
