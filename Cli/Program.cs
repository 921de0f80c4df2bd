// guivirt: GuiVirt's command line. Every command and option is declared in CommandTree.cs
// (System.CommandLine), which also generates --help, the man page and the shell completions.
// `guivirt daemon` hands over to the trusted core (GuiDaemon/DaemonProgram.cs); every other command
// talks to the running daemon over its control socket (ControlClient.cs) or runs a tool of its own
// (demo, selftest, screenshot). Exit codes: 0 success, 1 failure, 2 usage error (or the daemon's
// own: 127 and 126 for a command not found or not executable in the qube, a command's own with --wait).
using System.CommandLine;
using GuiVirt.Cli;
using GuiVirt.Cli.Reference;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.X11;

string runtime = Environment.GetEnvironmentVariable("GUIVIRT_RUNTIME_DIR") is { Length: > 0 } dir ? dir : ControlPaths.RuntimeDirectory;
var tree = new CommandTree(runtime);
ParseResult parsed = tree.Root.Parse(args);

// --help and --version answer even when the rest of the line is incomplete (`guivirt run --help`).
if (parsed.Action is not HelpWriter && parsed.Action != tree.Root.Options.OfType<VersionOption>().Single().Action)
{
    string[] errors = [.. parsed.Errors.Select(error => error.Message), .. CommandTree.ExtraErrors(parsed)];
    if (errors.Length > 0)
    {
        foreach (string error in errors.Distinct())
        {
            Console.Error.WriteLine($"guivirt: {error}");
        }

        Console.Error.WriteLine($"Try '{CommandPath(parsed.CommandResult.Command)} --help'.");
        return 2;
    }
}

try
{
    // Signals stay with the commands that handle them (the daemon, logs -f, demo).
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (ControlException e)
{
    return Fail(e.Message);
}
catch (XException e)
{
    return Fail(e.Message);
}
catch (SandboxException e)
{
    // A program the command needs is missing (bwrap, Xvfb, dotnet, a build): the message names it.
    return Fail(e.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine($"guivirt: {message}");
    return 1;
}

static string CommandPath(Command command) =>
    command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? $"{CommandPath(parent)} {command.Name}" : "guivirt";
