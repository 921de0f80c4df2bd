using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>KEYPRESS as it came off the wire.</summary>
public readonly struct UntrustedKeyEvent
{
    internal readonly uint Type, X, Y, State, Keycode;

    internal UntrustedKeyEvent(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Type, X, Y, State, Keycode) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="KeyEvent"/>.</summary>
    public bool TryValidate(out KeyEvent validated, out ProtocolViolation violation)
    {
        violation = KeyEvent.Check(Type, Bits.Signed(X), Bits.Signed(Y), State, Keycode);
        validated = violation == ProtocolViolation.None ? new KeyEvent(Type == KeyEvent.XKeyPress, Bits.Signed(X), Bits.Signed(Y), State, Keycode) : default;
        return violation == ProtocolViolation.None;
    }
}
