using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>CREATE as it came off the wire. Its fields are readable only inside Protocol.</summary>
public readonly struct UntrustedCreate
{
    internal readonly uint X, Y, Width, Height, Parent, OverrideRedirect;

    internal UntrustedCreate(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (X, Y, Width, Height, Parent, OverrideRedirect) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The only way to the values: the checks of <see cref="Create"/>.</summary>
    public bool TryValidate(out Create validated, out ProtocolViolation violation)
    {
        violation = Checks.First(
            Create.Check(Bits.Signed(X), Bits.Signed(Y), Width, Height),
            Parent == 0 ? ProtocolViolation.None : ProtocolViolation.ParentNotSupported, // nested windows are not part of this protocol
            Checks.Boolean(OverrideRedirect));
        validated = violation == ProtocolViolation.None
            ? Create.Trusted(Bits.Signed(X), Bits.Signed(Y), (int)Width, (int)Height, OverrideRedirect == 1)
            : default;
        return violation == ProtocolViolation.None;
    }
}
