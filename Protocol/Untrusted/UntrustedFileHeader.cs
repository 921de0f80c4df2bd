using System.Text;
using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>FILE_HEADER as it came off the wire: a 64-bit size, the name field, the source-qube field.</summary>
public readonly ref struct UntrustedFileHeader
{
    internal readonly ulong Size;
    internal readonly ReadOnlySpan<byte> NameField;
    internal readonly ReadOnlySpan<byte> FromField;

    internal UntrustedFileHeader(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        uint low = reader.U32(), high = reader.U32();
        Size = ((ulong)high << 32) | low;
        NameField = reader.Bytes(Limits.FileNameBytes);
        FromField = reader.Bytes(Limits.FileFromBytes);
    }

    /// <summary>
    /// The size within <see cref="Limits.MaxFileBytes"/>; the name NUL-terminated inside its field,
    /// zero-padded, and one safe path component (<see cref="FileNames"/>); from an agent, the
    /// source field all zero; from the daemon, a qube name.
    /// </summary>
    public bool TryValidate(PeerRole sender, out FileHeader validated, out ProtocolViolation violation)
    {
        validated = default;
        int end = NameField.IndexOf((byte)0);
        violation = Checks.First(
            Size <= Limits.MaxFileBytes ? ProtocolViolation.None : ProtocolViolation.FileSizeOutOfRange,
            // No NUL in 256 bytes: a name over 255 bytes (NAME_MAX), or bytes hidden after it.
            end < 0 || NameField[end..].ContainsAnyExcept((byte)0) ? ProtocolViolation.FileNameInvalid : FileNames.Check(NameField[..end]),
            CheckFrom(sender, FromField));
        if (violation != ProtocolViolation.None)
        {
            return false;
        }

        int fromEnd = FromField.IndexOf((byte)0);
        validated = new FileHeader((long)Size, Encoding.UTF8.GetString(NameField[..end]), Encoding.ASCII.GetString(FromField[..fromEnd]));
        return true;
    }

    private static ProtocolViolation CheckFrom(PeerRole sender, ReadOnlySpan<byte> field)
    {
        if (sender == PeerRole.Agent)
        {
            // Security: a source cannot say which qube a file comes from; the daemon does.
            return field.ContainsAnyExcept((byte)0) ? ProtocolViolation.FileFromNotEmpty : ProtocolViolation.None;
        }

        int end = field.IndexOf((byte)0);
        return end > 0 && !field[end..].ContainsAnyExcept((byte)0) && !field[..end].ContainsAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"u8)
            ? ProtocolViolation.None
            : ProtocolViolation.FileFromNotEmpty;
    }
}
