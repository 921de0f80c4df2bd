using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WINDOW_FLAGS as it came off the wire.</summary>
public readonly struct UntrustedWindowFlags
{
    internal readonly uint Set, Unset;

    internal UntrustedWindowFlags(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Set, Unset) = (reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="WindowFlags"/>.</summary>
    public bool TryValidate(out WindowFlags validated, out ProtocolViolation violation)
    {
        violation = WindowFlags.Check(Set, Unset);
        validated = violation == ProtocolViolation.None ? new WindowFlags((WindowStateFlags)Set, (WindowStateFlags)Unset) : default;
        return violation == ProtocolViolation.None;
    }
}
