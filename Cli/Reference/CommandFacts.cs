using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.RegularExpressions;

namespace GuiVirt.Cli.Reference;

/// <summary>
/// What the man page and the completion scripts need to know of a command of <see cref="CommandTree"/>,
/// read from the System.CommandLine symbols themselves, so that nothing is written twice.
/// </summary>
internal static class CommandFacts
{
    /// <summary>How a word of a usage line is set in the man page.</summary>
    public enum SynopsisStyle
    {
        /// <summary>Typed as it is (bold).</summary>
        Literal,

        /// <summary>Stands for what the user types (italic).</summary>
        Placeholder,

        /// <summary>Brackets, dots.</summary>
        Plain,
    }

    /// <summary>What an argument or an option's value is, for completion.</summary>
    public enum ValueKind
    {
        /// <summary>Free text: nothing to offer.</summary>
        Text,

        /// <summary>A qube's name: the running daemon's qubes.</summary>
        Qube,

        /// <summary>A file or directory on the host.</summary>
        Path,

        /// <summary>One of <see cref="FixedValues"/>.</summary>
        Fixed,
    }

    /// <summary>The options <paramref name="command"/> takes, its own and those its parents pass down (--verbose, --help), in help's order.</summary>
    public static IReadOnlyList<Option> OptionsOf(Command command)
    {
        var options = command.Options.Where(option => !option.Hidden).ToList();
        foreach (Command parent in Ancestors(command))
        {
            options.AddRange(parent.Options.Where(option => option.Recursive && !option.Hidden && !options.Contains(option)));
        }

        return options;
    }

    /// <summary>The visible subcommands.</summary>
    public static IEnumerable<Command> SubcommandsOf(Command command) => command.Subcommands.Where(c => !c.Hidden);

    /// <summary>The commands below <paramref name="command"/>, each followed by its own (`menu`, `menu add`, ...).</summary>
    public static IEnumerable<Command> AllCommandsBelow(Command command) =>
        SubcommandsOf(command).SelectMany(c => new[] { c }.Concat(AllCommandsBelow(c)));

    /// <summary>
    /// Every POSIX spelling of <paramref name="option"/>, long name first (not `-?`, a glob character
    /// in shells, nor the /h and /? that System.CommandLine's --help also takes).
    /// </summary>
    public static IEnumerable<string> NamesOf(Option option) =>
        new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)).Where(name => name.StartsWith('-') && name != "-?").Distinct();

    /// <summary>Whether the option takes a value (every non-flag option here takes exactly one per use).</summary>
    public static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    /// <summary>The placeholder of an option's value (FILE, :N, COLOR, ...).</summary>
    public static string ValueNameOf(Option option) => option.HelpName ?? "VALUE";

    /// <summary>The placeholder of an argument (QUBE, CMD, FILE.png, ...).</summary>
    public static string ValueNameOf(Argument argument) => argument.HelpName ?? argument.Name;

    /// <summary>The values an option or argument accepts, when it lists them (labels, network modes, shells).</summary>
    public static IReadOnlyList<string> FixedValues(Symbol symbol) => symbol switch
    {
        Option option when !TakesValue(option) => [],
        _ => [.. symbol.GetCompletions(CompletionContext.Empty).Select(item => item.Label)],
    };

    public static ValueKind KindOf(Option option) => Kind(ValueNameOf(option), FixedValues(option));

    public static ValueKind KindOf(Argument argument) => Kind(ValueNameOf(argument), FixedValues(argument));

    /// <summary>Whether an argument may take more than one word (CMD..., SOURCE:PATH...).</summary>
    public static bool IsVariadic(Argument argument) => argument.Arity.MaximumNumberOfValues > 1;

    /// <summary>`guivirt run` for the run command: the words that name it.</summary>
    public static string PathOf(Command command) =>
        string.Join(' ', Ancestors(command).Reverse().Append(command).Select(c => c is RootCommand ? "guivirt" : c.Name));

    /// <summary>
    /// The usage line of <paramref name="command"/> as words: the command's own (bold in the man
    /// page), placeholders (italic) and the brackets and -- around them (plain). Help and the man
    /// page both print it.
    /// </summary>
    public static IEnumerable<SynopsisPart> SynopsisOf(Command command)
    {
        yield return new SynopsisPart(PathOf(command), SynopsisStyle.Literal);
        if (command is RootCommand)
        {
            yield return new SynopsisPart("[", SynopsisStyle.Plain, Glued: true);
            yield return new SynopsisPart("--verbose", SynopsisStyle.Literal, Glued: true);
            yield return new SynopsisPart("]", SynopsisStyle.Plain, Glued: true);
            yield return new SynopsisPart("COMMAND", SynopsisStyle.Placeholder);
            yield return new SynopsisPart("[", SynopsisStyle.Plain, Glued: true);
            yield return new SynopsisPart("ARGUMENTS", SynopsisStyle.Placeholder, Glued: true);
            yield return new SynopsisPart("]", SynopsisStyle.Plain, Glued: true);
            yield break;
        }

        foreach (Option option in command.Options.Where(o => !o.Hidden && !o.Recursive))
        {
            yield return new SynopsisPart("[", SynopsisStyle.Plain, Glued: true);
            yield return new SynopsisPart(NamesOf(option).OrderBy(n => n.Length).First(), SynopsisStyle.Literal, Glued: true);
            if (TakesValue(option))
            {
                // A short list of values says more than a placeholder: --network none|user.
                IReadOnlyList<string> values = FixedValues(option);
                yield return values.Count is >= 2 and <= 3
                    ? new SynopsisPart(string.Join('|', values), SynopsisStyle.Literal)
                    : new SynopsisPart(ValueNameOf(option), SynopsisStyle.Placeholder);
            }

            yield return new SynopsisPart(option.ValueType == typeof(string[]) ? "]..." : "]", SynopsisStyle.Plain, Glued: true);
        }

        foreach (Argument argument in command.Arguments.Where(a => !a.Hidden))
        {
            if (argument.Name == "CMD")
            {
                yield return new SynopsisPart("--", SynopsisStyle.Literal); // the command comes after --
            }

            // CMD is always required (run's may be empty to the parser only, see CommandTree.Run).
            bool optional = argument.Arity.MinimumNumberOfValues == 0 && argument.Name != "CMD";
            if (optional)
            {
                yield return new SynopsisPart("[", SynopsisStyle.Plain, Glued: true);
            }

            yield return new SynopsisPart(ValueNameOf(argument), SynopsisStyle.Placeholder, Glued: optional);
            if (IsVariadic(argument))
            {
                yield return new SynopsisPart("...", SynopsisStyle.Plain, Glued: true);
            }

            if (optional)
            {
                yield return new SynopsisPart("]", SynopsisStyle.Plain, Glued: true);
            }
        }
    }

    /// <summary>The usage line as plain text.</summary>
    public static string SynopsisText(Command command)
    {
        var line = new System.Text.StringBuilder();
        SynopsisPart? previous = null;
        foreach (SynopsisPart part in SynopsisOf(command))
        {
            if (previous is { } before && !JoinsWithoutSpace(before, part))
            {
                line.Append(' ');
            }

            line.Append(part.Text);
            previous = part;
        }

        return line.ToString();
    }

    /// <summary>"[" and the option it opens, a name and its "]" or "...", are written without a space between.</summary>
    public static bool JoinsWithoutSpace(SynopsisPart before, SynopsisPart part) =>
        (before.Text == "[" && part.Glued) || (part.Glued && part.Style == SynopsisStyle.Plain && part.Text != "[");

    /// <summary>The paragraphs of a description (blank lines between them), each as its lines.</summary>
    public static IEnumerable<string[]> Paragraphs(string? description) =>
        (description ?? "").Replace("\r", "", StringComparison.Ordinal).Split("\n\n")
            .Select(paragraph => paragraph.Split('\n').Where(line => line.Trim().Length > 0).ToArray())
            .Where(lines => lines.Length > 0);

    /// <summary>The first sentence of a description (up to a full stop before a capital), for one-line lists.</summary>
    public static string Summary(string? description)
    {
        string text = string.Join(' ', Paragraphs(description).FirstOrDefault([]).TakeWhile(line => !line.StartsWith(' ')).Select(line => line.Trim()));
        Match end = Regex.Match(text, @"\.\s+(?=[A-Z`])");
        return (end.Success ? text[..end.Index] : text).TrimEnd('.');
    }

    private static ValueKind Kind(string valueName, IReadOnlyList<string> values) =>
        values.Count > 0 ? ValueKind.Fixed
        : CommandTree.QubeValueNames.Contains(valueName) ? ValueKind.Qube
        : CommandTree.PathValueNames.Contains(valueName) ? ValueKind.Path
        : ValueKind.Text;

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (Command? parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }
}

/// <summary>A word of a usage line (<see cref="CommandFacts.SynopsisOf"/>); <paramref name="Glued"/> when it may join its neighbour without a space.</summary>
internal readonly record struct SynopsisPart(string Text, CommandFacts.SynopsisStyle Style, bool Glued = false);
