using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WINDOW_TYPE as it came off the wire.</summary>
public readonly struct UntrustedWindowType
{
    internal readonly uint Kind, States;

    internal UntrustedWindowType(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Kind, States) = (reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="WindowType"/>.</summary>
    public bool TryValidate(out WindowType validated, out ProtocolViolation violation)
    {
        violation = WindowType.Check(Kind, States);
        validated = violation == ProtocolViolation.None ? new WindowType((WindowKind)Kind, (WindowTypeStates)States) : default;
        return violation == ProtocolViolation.None;
    }
}
