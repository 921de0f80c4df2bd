using System.Text;
using System.Text.Unicode;

namespace GuiVirt.Protocol;

/// <summary>
/// The one rule for a copied file's name, which the target qube creates in its Incoming folder: a
/// single path component, so it cannot climb out of that folder (no '/', not "." or ".."), of 1 to
/// 255 bytes of valid UTF-8, with no control or format character (no terminal escapes, newlines or
/// bidirectional tricks in a notice, a log or the target's file manager). The source agent applies
/// it before announcing a file; the daemon applies it again to what arrives.
/// </summary>
public static class FileNames
{
    /// <summary>Longest name in bytes (NAME_MAX): <see cref="Limits.FileNameBytes"/> - 1.</summary>
    public const int MaxBytes = Limits.FileNameBytes - 1;

    /// <summary>True when <paramref name="name"/> is a name a copy may carry.</summary>
    public static bool IsValid(string name) =>
        Encoding.UTF8.GetByteCount(name) is > 0 and <= MaxBytes && Check(Encoding.UTF8.GetBytes(name)) == ProtocolViolation.None;

    /// <summary>The checks, on the name's bytes (without its NUL padding).</summary>
    internal static ProtocolViolation Check(ReadOnlySpan<byte> untrustedName)
    {
        if (untrustedName.IsEmpty || untrustedName.Length > MaxBytes || !Utf8.IsValid(untrustedName))
        {
            return ProtocolViolation.FileNameInvalid;
        }

        // Security: one component only. A '/' or a dot name would let the source pick where in
        // the target's home the file lands (../.bashrc).
        if (untrustedName.Contains((byte)'/') || untrustedName.SequenceEqual("."u8) || untrustedName.SequenceEqual(".."u8))
        {
            return ProtocolViolation.FileNameInvalid;
        }

        // Security: no C0, DEL, C1, format (bidi, zero-width), line/paragraph separator or
        // private-use character (TextSanitizer's list): the name is shown to the user.
        foreach (char c in Encoding.UTF8.GetString(untrustedName))
        {
            if (TextSanitizer.IsDangerous(c))
            {
                return ProtocolViolation.FileNameInvalid;
            }
        }

        return ProtocolViolation.None;
    }
}
