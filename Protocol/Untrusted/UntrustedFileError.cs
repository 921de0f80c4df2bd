using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>FILE_ERROR as it came off the wire.</summary>
public readonly struct UntrustedFileError
{
    internal readonly uint Problem;

    internal UntrustedFileError(ReadOnlySpan<byte> body) => Problem = new WireReader(body).U32();

    /// <summary>The reason is one of <see cref="FileProblem"/>.</summary>
    public bool TryValidate(out FileError validated, out ProtocolViolation violation)
    {
        violation = FileError.Check(Problem);
        validated = violation == ProtocolViolation.None ? new FileError((FileProblem)Problem) : default;
        return violation == ProtocolViolation.None;
    }
}
