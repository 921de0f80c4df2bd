using GuiVirt.Protocol.Messages;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>FILE_SEND's path field as it came off the wire (the agent checks the daemon too).</summary>
public readonly ref struct UntrustedFileSend
{
    internal readonly ReadOnlySpan<byte> Field;

    internal UntrustedFileSend(ReadOnlySpan<byte> body) => Field = body;

    /// <summary>NUL-terminated, zero-padded, not empty, valid UTF-8.</summary>
    public bool TryValidate(out FileSend validated, out ProtocolViolation violation)
    {
        violation = FileSend.Check(Field, out string path);
        validated = violation == ProtocolViolation.None ? FileSend.Trusted(path) : default;
        return violation == ProtocolViolation.None;
    }
}
