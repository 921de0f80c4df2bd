using System.Globalization;
using System.Text;

namespace GuiVirt.Cli.Menu;

/// <summary>
/// A host menu entry of `guivirt menu` (freedesktop Desktop Entry Specification 1.5): Name "[QUBE]
/// NAME", Exec `guivirt run QUBE --label LABEL -- CMD`. The name and the command come from the
/// user's command line, so they are checked and quoted here, in one place: a character the file
/// format cannot carry safely (a line break, any control or format character) is refused rather
/// than escaped, because one stray newline would let a "name" add keys or groups of its own.
/// </summary>
internal static class DesktopEntry
{
    /// <summary>The key that marks a file as ours and names its qube (custom keys start with X-).</summary>
    public const string QubeKey = "X-GuiVirt-Qube";

    /// <summary>Longest NAME accepted: a menu label, not a document.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Characters that make an Exec argument need double quotes (the spec's "reserved characters"),
    /// besides space and tab.
    /// </summary>
    private const string Reserved = "\"'\\><~|&;$*?#`()";

    /// <summary>Why <paramref name="text"/> cannot go into an entry, or null when it can.</summary>
    public static string? Problem(string what, string text)
    {
        if (text.Length == 0)
        {
            return $"{what} is empty";
        }

        foreach (Rune rune in text.EnumerateRunes())
        {
            // Cc: line breaks, escapes, NUL; Cf: bidi overrides and invisible marks that would make
            // a menu label read differently than it is; Zl/Zp: Unicode line breaks; Cs/Co/Cn: not text.
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return $"{what} contains the character U+{rune.Value:X4}, which a menu entry cannot hold safely";
            }
        }

        return null;
    }

    /// <summary>
    /// A value of type string or localestring: the spec's escapes for backslash (the only one of
    /// its escapes that can occur, since control characters were refused by <see cref="Problem"/>).
    /// </summary>
    public static string EscapeValue(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal);

    /// <summary>
    /// One Exec argument as the spec's "Exec key" section quotes it: in double quotes when it has a
    /// reserved character, with ", `, $ and \ backslash-escaped inside them; a literal % doubled so
    /// it is never a field code (%f, %u, ...). The result is then a string value, escaped once more.
    /// </summary>
    public static string QuoteArgument(string argument)
    {
        string quoted = argument.Length == 0 || argument.Any(c => c is ' ' or '\t' || Reserved.Contains(c))
            ? "\"" + string.Concat(argument.Select(c => c is '"' or '`' or '$' or '\\' ? "\\" + c : c.ToString())) + "\""
            : argument;
        return EscapeValue(quoted.Replace("%", "%%", StringComparison.Ordinal));
    }

    /// <summary>
    /// The file's text. <paramref name="program"/> is the guivirt executable the entry starts;
    /// <paramref name="icon"/> an absolute path to a PNG, or null for none.
    /// </summary>
    public static string Render(string program, string qube, string label, string name, IReadOnlyList<string> command, string? icon)
    {
        string exec = string.Join(' ', ((string[])[program, "run", qube, "--label", label, "--"]).Concat(command).Select(QuoteArgument));
        var text = new StringBuilder();
        text.Append("[Desktop Entry]\n");
        text.Append("Type=Application\n");
        text.Append(CultureInfo.InvariantCulture, $"Name=[{qube}] {EscapeValue(name)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Comment=Runs in the GuiVirt qube {qube} ({label})\n");
        text.Append(CultureInfo.InvariantCulture, $"Exec={exec}\n");
        if (icon is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Icon={EscapeValue(icon)}\n");
        }

        // guivirt run returns once the program has started; the program's output goes to the qube's log.
        text.Append("Terminal=false\n");
        text.Append("Categories=Utility;\n");
        text.Append(CultureInfo.InvariantCulture, $"{QubeKey}={qube}\n");
        return text.ToString();
    }

    /// <summary>
    /// The part of a file name taken from NAME: lower-case ASCII letters and digits, every other run
    /// of characters one dash. Never holds a slash or a dot, so no NAME can lead out of the folder.
    /// </summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (char c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>The value of <paramref name="key"/> in the [Desktop Entry] group of <paramref name="text"/>, unescaped; null if absent.</summary>
    public static string? Value(string text, string key)
    {
        bool inGroup = false;
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith('['))
            {
                inGroup = line == "[Desktop Entry]";
            }
            else if (inGroup && line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return Unescape(line[(key.Length + 1)..]);
            }
        }

        return null;
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 's' => ' ', 'n' => '\n', 't' => '\t', 'r' => '\r', char other => other });
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }
}
