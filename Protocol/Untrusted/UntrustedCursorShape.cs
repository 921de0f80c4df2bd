using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>CURSOR as it came off the wire.</summary>
public readonly struct UntrustedCursorShape
{
    internal readonly uint Id;

    internal UntrustedCursorShape(ReadOnlySpan<byte> body) => Id = new WireReader(body).U32();

    /// <summary>The checks of <see cref="CursorShape"/>.</summary>
    public bool TryValidate(out CursorShape validated, out ProtocolViolation violation)
    {
        violation = CursorShape.Check(Id);
        validated = violation == ProtocolViolation.None ? new CursorShape(Id) : default;
        return violation == ProtocolViolation.None;
    }
}
