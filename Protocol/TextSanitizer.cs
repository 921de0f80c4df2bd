using System.Text;

namespace GuiVirt.Protocol;

/// <summary>
/// Turns a qube's title or class bytes into text the host may show: invalid UTF-8, control
/// characters, format characters (bidirectional controls, which could make a title appear to start
/// with another qube's name, and zero-width ones), line and paragraph separators and private-use
/// characters each become U+FFFD. Idempotent: sanitized text passes
/// through unchanged.
/// </summary>
public static class TextSanitizer
{
    private const char Replacement = '\uFFFD';

    /// <summary>Decodes <paramref name="untrustedUtf8"/> and neutralizes every dangerous character.</summary>
    public static string Sanitize(ReadOnlySpan<byte> untrustedUtf8)
    {
        // The default UTF8 decoder replaces every invalid sequence with U+FFFD; it never throws.
        string decoded = Encoding.UTF8.GetString(untrustedUtf8);
        return string.Create(decoded.Length, decoded, static (destination, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = IsDangerous(source[i]) ? Replacement : source[i];
            }
        });
    }

    /// <summary>True for characters a title must not contain.</summary>
    public static bool IsDangerous(char c) =>
        char.IsControl(c) // C0, DEL and C1: newlines, escapes, terminal controls
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format // bidi controls (LRM, RLO, LRI ...), zero-width characters, BOM
            or System.Globalization.UnicodeCategory.LineSeparator // U+2028: a second line in some panels
            or System.Globalization.UnicodeCategory.ParagraphSeparator // U+2029
            or System.Globalization.UnicodeCategory.PrivateUse; // glyphs that mean whatever a font says
}
