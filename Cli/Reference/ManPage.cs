using System.CommandLine;
using System.Text;

namespace GuiVirt.Cli.Reference;

/// <summary>
/// `guivirt man`: the guivirt(1) manual page in roff (man(7) macros), generated from
/// <see cref="CommandTree"/>: the same descriptions as --help, one section per command with its
/// options. The few sections help has no place for (exit status, environment, files) are here.
/// </summary>
internal static class ManPage
{
    public static string Generate(RootCommand root, string version)
    {
        var page = new StringBuilder();
        page.Append(CultureInvariant($".TH GUIVIRT 1 \"\" \"guivirt {version}\" \"User Commands\"\n"));
        page.Append(".SH NAME\nguivirt \\- run apps in sandboxed qubes and show their windows in a trusted frame\n");
        page.Append(".SH SYNOPSIS\n");
        foreach (Command command in CommandFacts.AllCommandsBelow(root).Where(c => !CommandFacts.SubcommandsOf(c).Any()))
        {
            page.Append(".br\n").Append(Synopsis(command)).Append('\n');
        }

        page.Append(".SH DESCRIPTION\n");
        Paragraphs(page, root.Description);
        page.Append(".SH OPTIONS\nOf guivirt itself; \\fB\\-\\-verbose\\fR and \\fB\\-\\-help\\fR also go after a command.\n");
        Options(page, CommandFacts.OptionsOf(root));
        page.Append(".SH COMMANDS\n");
        foreach (Command command in CommandFacts.AllCommandsBelow(root))
        {
            page.Append(".SS \"").Append(Escape(CommandFacts.PathOf(command))).Append("\"\n");
            Paragraphs(page, command.Description);
            if (command.Arguments.Count > 0)
            {
                page.Append(".PP\nArguments:\n");
                foreach (Argument argument in command.Arguments.Where(a => !a.Hidden))
                {
                    page.Append(".TP\n\\fI").Append(Escape(CommandFacts.ValueNameOf(argument))).Append("\\fR")
                        .Append(CommandFacts.IsVariadic(argument) ? "..." : "").Append('\n')
                        .Append(Text(argument.Description ?? "")).Append('\n');
                }
            }

            IReadOnlyList<Option> own = [.. command.Options.Where(o => !o.Hidden && !o.Recursive)];
            if (own.Count > 0)
            {
                page.Append(".PP\nOptions:\n");
                Options(page, own);
            }
        }

        page.Append("""
            .SH EXIT STATUS
            0 on success, 1 on failure (the message says why), 2 for a usage error (an unknown
            command or option, a missing or invalid value) or a configuration error (the file and
            line are named). \fBguivirt run\fR exits 127 when the command is not in the qube and 126
            when it cannot be executed, and with \fB\-\-wait\fR with the command's own status.
            .SH ENVIRONMENT
            .TP
            .B GUIVIRT_RUNTIME_DIR
            the directory of the daemon's sockets and lock (default: $XDG_RUNTIME_DIR/guivirt)
            .TP
            .B DISPLAY
            the host display the daemon shows the windows on
            .TP
            .B JOURNAL_STREAM
            set by systemd: log lines then start with their syslog level for journald instead of a
            time stamp and level word
            .SH FILES
            .TP
            .I ~/.config/guivirt/config.toml
            the daemon's configuration ($XDG_CONFIG_HOME/guivirt/config.toml)
            .TP
            .I ~/.local/share/guivirt/qubes/NAME/
            each persistent qube's home and its commands' log
            .TP
            .I ~/.local/state/guivirt/clipboard\-audit.jsonl
            the clipboard audit log
            .SH SEE ALSO
            .BR bwrap (1),
            .BR Xvfb (1)

            """);
        return page.ToString();
    }

    private static string Synopsis(Command command)
    {
        var line = new StringBuilder();
        SynopsisPart? previous = null;
        foreach (SynopsisPart part in CommandFacts.SynopsisOf(command))
        {
            if (previous is { } before && !CommandFacts.JoinsWithoutSpace(before, part))
            {
                line.Append(' ');
            }

            line.Append(part.Style switch
            {
                CommandFacts.SynopsisStyle.Literal => $"\\fB{Escape(part.Text)}\\fR",
                CommandFacts.SynopsisStyle.Placeholder => $"\\fI{Escape(part.Text)}\\fR",
                _ => Escape(part.Text),
            });
            previous = part;
        }

        return line.ToString();
    }

    private static void Options(StringBuilder page, IEnumerable<Option> options)
    {
        foreach (Option option in options)
        {
            page.Append(".TP\n").Append(string.Join(", ", CommandFacts.NamesOf(option).Select(name => $"\\fB{Escape(name)}\\fR")));
            if (CommandFacts.TakesValue(option))
            {
                page.Append(" \\fI").Append(Escape(CommandFacts.ValueNameOf(option))).Append("\\fR");
            }

            page.Append('\n').Append(Text(option.Description ?? "")).Append('\n');
        }
    }

    private static void Paragraphs(StringBuilder page, string? description)
    {
        foreach (string[] lines in CommandFacts.Paragraphs(description))
        {
            page.Append(".PP\n");

            // A list (indented lines) keeps its lines; prose is filled by the formatter.
            if (lines.Any(line => line.StartsWith(' ')))
            {
                page.Append(".nf\n");
                foreach (string line in lines)
                {
                    page.Append(Text(line)).Append('\n');
                }

                page.Append(".fi\n");
            }
            else
            {
                page.Append(Text(string.Join(' ', lines.Select(line => line.Trim())))).Append('\n');
            }
        }
    }

    /// <summary>A line of text: escaped, and never read as a request (a leading . or ').</summary>
    private static string Text(string text)
    {
        string escaped = Escape(text);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }

    // Backslashes print as themselves; a hyphen in a name is a minus sign (copied and pasted as one).
    private static string Escape(string text) =>
        text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
