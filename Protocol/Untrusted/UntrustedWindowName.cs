using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WMNAME's 128-byte field as it came off the wire.</summary>
public readonly ref struct UntrustedWindowName
{
    internal readonly ReadOnlySpan<byte> Field;

    internal UntrustedWindowName(ReadOnlySpan<byte> body) => Field = body;

    /// <summary>Checks the terminator and padding, then sanitizes.</summary>
    public bool TryValidate(out WindowName validated, out ProtocolViolation violation)
    {
        violation = FixedText.TryRead(Field, out string title);
        validated = violation == ProtocolViolation.None ? WindowName.Trusted(title) : default;
        return violation == ProtocolViolation.None;
    }
}
