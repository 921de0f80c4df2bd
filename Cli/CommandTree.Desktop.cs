using System.CommandLine;
using GuiVirt.Cli.Menu;
using GuiVirt.Cli.Reference;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.Cli;

/// <summary>The commands that fit guivirt into the user's shell and desktop: completion, man and menu.</summary>
internal sealed partial class CommandTree
{
    private Command Completion()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.CompletionSources.Add("bash", "zsh");
        shell.Validators.Add(result => OneOf(result, "SHELL", ["bash", "zsh"]));
        var command = new Command("completion", """
            Prints the completion script for bash or zsh, generated from this command line. For bash: `source <(guivirt completion bash)`, or save it as /usr/share/bash-completion/completions/guivirt. For zsh: save it as _guivirt in a directory of $fpath. QUBE arguments complete with the names the running daemon knows.
            """)
        {
            shell,
        };
        command.SetAction(parsed =>
        {
            Console.Out.Write(parsed.GetValue(shell) == "zsh" ? ZshCompletion.Generate(Root) : BashCompletion.Generate(Root));
            return 0;
        });
        return command;
    }

    private Command Man()
    {
        var command = new Command("man", "Prints the guivirt(1) manual page (roff), generated from this command line: `guivirt man | man -l -`.");
        command.SetAction(_ =>
        {
            Console.Out.Write(ManPage.Generate(Root, ThisVersion()));
            return 0;
        });
        return command;
    }

    private static string ThisVersion() =>
        typeof(CommandTree).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "0";

    private static Command MenuCommands(string runtime)
    {
        var qube = new Argument<string>(QubeValueName) { Description = "the qube the app runs in" };
        var name = new Argument<string>("NAME") { Description = "the app's name in the menu (shown as [QUBE] NAME)" };
        var label = LabelOption("the qube's label (default: the configuration's, else the running daemon's): " + string.Join(", ", Label.Names));
        var icon = new Option<string>("--icon") { HelpName = "FILE.png", Description = "a PNG on the host (at most 1024x1024), tinted to the label's colour for the entry" };
        var commandWords = new Argument<string[]>("CMD") { Arity = ArgumentArity.OneOrMore, Description = "the command and its arguments, after --" };
        var add = new Command("add", MenuCommand.AddDescription) { Once(label), Once(icon), qube, name, commandWords };
        add.SetAction(parsed => MenuCommand.Add(runtime, parsed.GetValue(qube)!, parsed.GetValue(name)!, parsed.GetValue(label), parsed.GetValue(icon), parsed.GetValue(commandWords)!));

        var list = new Command("ls", "Lists the entries: qube, name and file.");
        list.SetAction(_ => MenuCommand.List());

        var removeQube = new Argument<string>(QubeValueName) { Description = "the qube of the entry" };
        var removeName = new Argument<string>("NAME") { Description = "the entry's name, as given to add" };
        var remove = new Command("rm", "Removes the entry [QUBE] NAME and its icon.") { removeQube, removeName };
        remove.SetAction(parsed => MenuCommand.Remove(parsed.GetValue(removeQube)!, parsed.GetValue(removeName)!));

        return new Command("menu", MenuCommand.Description) { add, list, remove };
    }
}
