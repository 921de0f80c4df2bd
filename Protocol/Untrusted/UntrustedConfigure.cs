using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>CONFIGURE as it came off the wire.</summary>
public readonly struct UntrustedConfigure
{
    internal readonly uint X, Y, Width, Height, OverrideRedirect;

    internal UntrustedConfigure(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (X, Y, Width, Height, OverrideRedirect) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="Configure"/>.</summary>
    public bool TryValidate(out Configure validated, out ProtocolViolation violation)
    {
        violation = Checks.First(Create.Check(Bits.Signed(X), Bits.Signed(Y), Width, Height), Checks.Boolean(OverrideRedirect));
        validated = violation == ProtocolViolation.None
            ? new Configure(Bits.Signed(X), Bits.Signed(Y), (int)Width, (int)Height, OverrideRedirect == 1)
            : default;
        return violation == ProtocolViolation.None;
    }
}
