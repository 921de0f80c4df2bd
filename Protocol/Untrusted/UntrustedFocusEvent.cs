using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>FOCUS as it came off the wire.</summary>
public readonly struct UntrustedFocusEvent
{
    internal readonly uint Type, Mode, Detail;

    internal UntrustedFocusEvent(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Type, Mode, Detail) = (reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="FocusEvent"/>.</summary>
    public bool TryValidate(out FocusEvent validated, out ProtocolViolation violation)
    {
        violation = FocusEvent.Check(Type, Mode, Detail);
        validated = violation == ProtocolViolation.None ? new FocusEvent(Type == FocusEvent.XFocusIn, Mode, Detail) : default;
        return violation == ProtocolViolation.None;
    }
}
