using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WMCLASS's two 64-byte fields as they came off the wire.</summary>
public readonly ref struct UntrustedWindowClass
{
    internal readonly ReadOnlySpan<byte> ClassField, InstanceField;

    internal UntrustedWindowClass(ReadOnlySpan<byte> body)
    {
        ClassField = body[..Limits.ClassPartBytes];
        InstanceField = body[Limits.ClassPartBytes..];
    }

    /// <summary>Checks both terminators and paddings, then sanitizes.</summary>
    public bool TryValidate(out WindowClass validated, out ProtocolViolation violation)
    {
        violation = Checks.First(
            FixedText.TryRead(ClassField, out string className),
            FixedText.TryRead(InstanceField, out string instanceName));
        validated = violation == ProtocolViolation.None ? WindowClass.Trusted(className, instanceName) : default;
        return violation == ProtocolViolation.None;
    }
}
