using System.Text;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// FILE_HEADER (both ways): one file of a copy. Body: u64 size (two u32, low first), the name in a
/// <see cref="Limits.FileNameBytes"/>-byte NUL-padded field (<see cref="FileNames"/>: one path
/// component), the source qube in a <see cref="Limits.FileFromBytes"/>-byte field. From the source
/// agent, <see cref="From"/> MUST be empty (all zero): only the daemon says where a file comes
/// from, when it passes the header on to the target. The size is at most <see cref="Limits.MaxFileBytes"/>.
/// </summary>
public readonly record struct FileHeader : IMessageBody
{
    private readonly string? _name;
    private readonly string? _from;

    /// <summary>Creates a FILE_HEADER body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    /// <param name="size">The file's size, 0 to <see cref="Limits.MaxFileBytes"/>.</param>
    /// <param name="name">One path component (<see cref="FileNames"/>).</param>
    /// <param name="from">The source qube (daemon to target), or "" (agent to daemon).</param>
    public FileHeader(long size, string name, string from)
    {
        Checks.ThrowIfInvalid(size is >= 0 and <= Limits.MaxFileBytes ? ProtocolViolation.None : ProtocolViolation.FileSizeOutOfRange, nameof(FileHeader));
        Checks.ThrowIfInvalid(FileNames.IsValid(name) ? ProtocolViolation.None : ProtocolViolation.FileNameInvalid, nameof(FileHeader));
        if (Encoding.ASCII.GetByteCount(from) >= Limits.FileFromBytes || from.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException($"{nameof(FileHeader)}: '{from}' is not a qube name", nameof(from));
        }

        (Size, _name, _from) = (size, name, from);
    }

    /// <summary>The file's size in bytes: exactly what the FILE_DATA that follow add up to.</summary>
    public long Size { get; }

    /// <summary>The file's name, one path component.</summary>
    public string Name => _name ?? "";

    /// <summary>The source qube (empty from an agent).</summary>
    public string From => _from ?? "";

    static MessageType IMessageBody.Type => MessageType.FileHeader;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        destination.Clear();
        var writer = new WireWriter(destination);
        writer.U32((uint)(Size & 0xFFFF_FFFF));
        writer.U32((uint)(Size >> 32));
        Encoding.UTF8.GetBytes(Name, destination.Slice(8, Limits.FileNameBytes));
        Encoding.ASCII.GetBytes(From, destination.Slice(8 + Limits.FileNameBytes, Limits.FileFromBytes));
    }
}
