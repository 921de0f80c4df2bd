using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// FILE_ERROR (agent to daemon): the source cannot send the file it was asked for, or the target
/// cannot write the one it was given (and has removed what it had written). Body: u32 reason, one
/// of <see cref="FileProblem"/>; anything else is <see cref="ProtocolViolation.FileErrorUnknown"/>.
/// The daemon words the reason itself: no text comes from the qube.
/// </summary>
public readonly record struct FileError(FileProblem Problem) : IMessageBody
{
    static MessageType IMessageBody.Type => MessageType.FileError;

    void IMessageBody.WriteTo(Span<byte> destination) => new WireWriter(destination).U32((uint)Problem);

    internal static ProtocolViolation Check(uint untrustedProblem) =>
        untrustedProblem is >= (uint)FileProblem.NotFound and <= (uint)FileProblem.WriteFailed
            ? ProtocolViolation.None
            : ProtocolViolation.FileErrorUnknown;
}
