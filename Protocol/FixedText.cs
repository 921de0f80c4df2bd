using System.Text;

namespace GuiVirt.Protocol;

/// <summary>
/// The fixed, NUL-terminated text fields of WMNAME and WMCLASS. On the wire a field holds at most
/// size-1 bytes of UTF-8, then a NUL, then zeros: a peer cannot hide bytes after the terminator.
/// </summary>
internal static class FixedText
{
    /// <summary>Validates a field and returns its sanitized text.</summary>
    public static ProtocolViolation TryRead(ReadOnlySpan<byte> untrustedField, out string text)
    {
        text = "";
        int end = untrustedField.IndexOf((byte)0);
        if (end < 0)
        {
            return ProtocolViolation.TextNotTerminated;
        }

        if (untrustedField[end..].ContainsAnyExcept((byte)0))
        {
            return ProtocolViolation.TextPaddingNotZero;
        }

        text = TextSanitizer.Sanitize(untrustedField[..end]);
        return ProtocolViolation.None;
    }

    /// <summary>
    /// The sending side: sanitizes <paramref name="text"/> and cuts it to fit a field of
    /// <paramref name="fieldSize"/> bytes without splitting a character.
    /// </summary>
    public static string Fit(string text, int fieldSize)
    {
        string clean = TextSanitizer.Sanitize(Encoding.UTF8.GetBytes(text));
        int maxBytes = fieldSize - 1;
        if (Encoding.UTF8.GetByteCount(clean) <= maxBytes)
        {
            return clean;
        }

        var fitted = new StringBuilder();
        int bytes = 0;
        foreach (Rune rune in clean.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > maxBytes)
            {
                break;
            }

            fitted.Append(rune.ToString());
        }

        return fitted.ToString();
    }

    /// <summary>Writes <paramref name="text"/> (already fitted) into a zero-padded field.</summary>
    public static void Write(Span<byte> field, string text)
    {
        field.Clear();
        Encoding.UTF8.GetBytes(text, field);
    }
}
