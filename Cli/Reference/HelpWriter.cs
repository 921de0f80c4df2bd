using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using static GuiVirt.Cli.Reference.CommandFacts;

namespace GuiVirt.Cli.Reference;

/// <summary>
/// The action of --help (-h): the asked command's help, generated from <see cref="CommandTree"/>
/// like the man page: its usage line, its description, its arguments, options and commands (the
/// root lists each command with its first sentence). Exit 0.
/// </summary>
internal sealed class HelpWriter : SynchronousCommandLineAction
{
    /// <summary>--help answers even when the rest of the line is incomplete (`guivirt run --help`).</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        Console.Out.Write(Generate(parseResult.CommandResult.Command, Width()));
        return 0;
    }

    public static string Generate(Command command, int width)
    {
        var help = new StringBuilder();
        // A group of commands (`guivirt menu`) shows the usage of each of its commands.
        string[] synopses = command is not RootCommand && SubcommandsOf(command).Any()
            ? [.. SubcommandsOf(command).Select(SynopsisText)]
            : [SynopsisText(command)];
        help.Append("usage: ").AppendJoin("\n       ", synopses).Append("\n\n");
        foreach (string[] lines in Paragraphs(command.Description))
        {
            if (lines.Any(line => line.StartsWith(' ')))
            {
                help.AppendJoin('\n', lines).Append('\n'); // a list keeps its lines
            }
            else
            {
                Wrap(help, string.Join(' ', lines.Select(line => line.Trim())), 0, width);
            }

            help.Append('\n');
        }

        List<(string Left, string Right)> arguments = [.. command.Arguments.Where(a => !a.Hidden).Select(a => (ValueNameOf(a) + (IsVariadic(a) ? "..." : ""), a.Description ?? ""))];
        List<(string Left, string Right)> options = [.. OptionsOf(command).Select(o => (string.Join(", ", NamesOf(o).OrderBy(n => n.Length)) + (TakesValue(o) ? " " + ValueNameOf(o) : ""), o.Description ?? ""))];
        List<(string Left, string Right)> commands = [.. SubcommandsOf(command).Select(c => (c.Name, Summary(c.Description) + "."))];
        int column = Math.Min(26, arguments.Concat(options).Concat(commands).Select(row => row.Left.Length + 4).DefaultIfEmpty(0).Max());
        Table(help, "commands", commands, column, width);
        Table(help, "arguments", arguments, column, width);
        Table(help, "options", options, column, width);
        return help.ToString().TrimEnd('\n') + "\n";
    }

    private static void Table(StringBuilder help, string title, List<(string Left, string Right)> rows, int column, int width)
    {
        if (rows.Count == 0)
        {
            return;
        }

        help.Append(title).Append(":\n");
        foreach ((string left, string right) in rows)
        {
            help.Append("  ").Append(left);
            if (left.Length + 2 >= column)
            {
                help.Append('\n').Append(' ', column);
            }
            else
            {
                help.Append(' ', column - left.Length - 2);
            }

            Wrap(help, right, column, width, firstIndented: true);
        }

        help.Append('\n');
    }

    // Words onto lines of at most width characters, each after indent spaces.
    private static void Wrap(StringBuilder help, string text, int indent, int width, bool firstIndented = false)
    {
        int used = indent;
        bool first = true;
        if (!firstIndented)
        {
            help.Append(' ', indent);
        }

        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!first && used + 1 + word.Length > width)
            {
                help.Append('\n').Append(' ', indent);
                used = indent;
                first = true;
            }

            if (!first)
            {
                help.Append(' ');
                used++;
            }

            help.Append(word);
            used += word.Length;
            first = false;
        }

        help.Append('\n');
    }

    private static int Width()
    {
        try
        {
            return Console.IsOutputRedirected ? 100 : Math.Clamp(Console.WindowWidth, 60, 120);
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
