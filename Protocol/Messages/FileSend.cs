using System.Text;
using System.Text.Unicode;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// FILE_SEND (daemon to agent): send the file at <see cref="Path"/> in this qube (absolute, or
/// relative to the qube's home). The path is the user's, from `guivirt copy`, never a qube's: 1 to
/// 4095 bytes of UTF-8 without NUL, in a <see cref="Limits.FilePathBytes"/>-byte NUL-padded field.
/// </summary>
public readonly record struct FileSend : IMessageBody
{
    /// <summary>Creates a FILE_SEND body; throws <see cref="ArgumentException"/> for a path the receiver would refuse.</summary>
    public FileSend(string path)
    {
        Checks.ThrowIfInvalid(IsValidPath(path) ? ProtocolViolation.None : ProtocolViolation.FilePathInvalid, nameof(FileSend));
        Path = path;
    }

    /// <summary>The path in the source qube.</summary>
    public string Path { get; }

    static MessageType IMessageBody.Type => MessageType.FileSend;

    /// <summary>True for a path FILE_SEND can carry: 1 to 4095 bytes of UTF-8, no NUL.</summary>
    public static bool IsValidPath(string path) =>
        path.Length > 0 && !path.Contains('\0', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(path) < Limits.FilePathBytes;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        destination.Clear();
        Encoding.UTF8.GetBytes(Path, destination);
    }

    /// <summary>The field: NUL-terminated, zero-padded, non-empty, valid UTF-8.</summary>
    internal static ProtocolViolation Check(ReadOnlySpan<byte> untrustedField, out string path)
    {
        path = "";
        int end = untrustedField.IndexOf((byte)0);
        if (end <= 0 || untrustedField[end..].ContainsAnyExcept((byte)0) || !Utf8.IsValid(untrustedField[..end]))
        {
            return ProtocolViolation.FilePathInvalid;
        }

        path = Encoding.UTF8.GetString(untrustedField[..end]);
        return ProtocolViolation.None;
    }

    internal static FileSend Trusted(string path) => new(path);
}
