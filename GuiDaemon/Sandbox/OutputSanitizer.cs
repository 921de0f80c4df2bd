using System.Text;
using GuiVirt.Protocol;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Makes a qube's program output safe to show in the user's terminal. Everything a command in a
/// qube prints is untrusted: an escape sequence could retitle the terminal, rewrite what is on the
/// screen, or (on some terminals) make it answer with input. So every control character (C0 but
/// newline and tab, DEL, C1 such as the one-byte CSI U+009B), every format character (the bidi
/// overrides that reorder text) and line and paragraph separators become U+FFFD, visibly; a
/// carriage return, which could overwrite the start of a line, is dropped; invalid UTF-8 becomes
/// U+FFFD. Stateful: a character split between two reads is decoded whole. Idempotent.
/// </summary>
public sealed class OutputSanitizer
{
    private const char Replacement = '\uFFFD';

    // The default replacement fallback: invalid sequences become U+FFFD, nothing throws.
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();

    /// <summary>The text of <paramref name="untrustedBytes"/>, neutralized; a partial character waits for the next call.</summary>
    public string Clean(ReadOnlySpan<byte> untrustedBytes)
    {
        char[] decoded = new char[_decoder.GetCharCount(untrustedBytes, flush: false)];
        int count = _decoder.GetChars(untrustedBytes, decoded, flush: false);
        var text = new StringBuilder(count);
        foreach (char c in decoded.AsSpan(0, count))
        {
            if (c == '\r')
            {
                continue;
            }

            text.Append(c is '\n' or '\t' || !TextSanitizer.IsDangerous(c) || char.IsSurrogate(c) ? c : Replacement);
        }

        return text.ToString();
    }
}
