using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>BUTTON as it came off the wire.</summary>
public readonly struct UntrustedButtonEvent
{
    internal readonly uint Type, X, Y, State, Button;

    internal UntrustedButtonEvent(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Type, X, Y, State, Button) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="ButtonEvent"/>.</summary>
    public bool TryValidate(out ButtonEvent validated, out ProtocolViolation violation)
    {
        violation = ButtonEvent.Check(Type, Bits.Signed(X), Bits.Signed(Y), State, Button);
        validated = violation == ProtocolViolation.None ? new ButtonEvent(Type == ButtonEvent.XButtonPress, Bits.Signed(X), Bits.Signed(Y), State, Button) : default;
        return violation == ProtocolViolation.None;
    }
}
