using System.CommandLine;
using System.CommandLine.Help;
using GuiVirt.Cli.Reference;
using System.CommandLine.Parsing;
using GuiVirt.Cli.Selftest;
using GuiVirt.GuiDaemon;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.Cli;

/// <summary>
/// Every command, argument and option of `guivirt`, declared here and only here (System.CommandLine).
/// `--help`, the man page (<see cref="ManPage"/>) and the shell completions
/// (<see cref="BashCompletion"/>, <see cref="ZshCompletion"/>) are all generated from this tree, so
/// they cannot disagree. Each command's action is one call into the code that does the work. No
/// reflection: values are read with <c>GetValue</c> from the symbols themselves (NativeAOT, trimming).
/// </summary>
internal sealed partial class CommandTree
{
    /// <summary>The options whose values name a file or directory (completed as paths).</summary>
    public static readonly HashSet<string> PathValueNames = ["FILE", "FILE.png", "DIR"];

    /// <summary>The arguments whose values name a qube (completed with the running daemon's qubes).</summary>
    public static readonly HashSet<string> QubeValueNames = ["QUBE", "TARGET"];

    private const string QubeValueName = "QUBE";

    private readonly Option<bool> _verbose = new("--verbose", "-v")
    {
        Description = "also write debug lines to the log (the daemon's, on standard error)",
        Recursive = true,
    };

    public CommandTree(string runtime)
    {
        Root = new RootCommand("""
            GuiVirt shows the windows of apps that run in sandboxed qubes on your desktop, each in a frame of its qube's label colour, like Qubes OS does with virtual machines.

            `guivirt daemon` runs the daemon on the desktop; the other commands talk to it over its control socket, $XDG_RUNTIME_DIR/guivirt/control.sock (or the directory in $GUIVIRT_RUNTIME_DIR).
            """);
        Root.Add(_verbose);
        Root.Add(Daemon());
        Root.Add(Run(runtime));
        Root.Add(Copy(runtime));
        Root.Add(Logs(runtime));
        Root.Add(List(runtime));
        Root.Add(Stop(runtime));
        Root.Add(Screenshot());
        Root.Add(Clipboard(runtime));
        Root.Add(DemoCommand());
        Root.Add(SelftestCommand());
        Root.Add(MenuCommands(runtime));
        Root.Add(Completion());
        Root.Add(Man());
        Root.Add(RemoteCommand());
        UseGeneratedHelp();
    }

    public RootCommand Root { get; }

    // --help (-h) prints help generated from this tree the way the man page is (Reference/HelpWriter.cs).
    private void UseGeneratedHelp()
    {
        HelpOption help = Root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWriter();
        help.Description = "show this help";
        Root.Options.OfType<VersionOption>().Single().Description = "show the version";
    }

    /// <summary>The usage errors of <paramref name="parsed"/> beyond the parser's own: none when it may run.</summary>
    public static IEnumerable<string> ExtraErrors(ParseResult parsed)
    {
        // `run` takes everything after `--` as the command; a word that looks like an option before
        // it is a typing mistake (or an option of the qube's command): say so instead of running it.
        if (parsed.CommandResult.Command.Name == "run")
        {
            Token[] beforeDoubleDash = [.. WordsBeforeDoubleDash(parsed, "--label", "--network", "--host")];
            foreach (Token token in beforeDoubleDash.Where(t => t.Value.StartsWith('-')))
            {
                yield return $"unknown option '{token.Value}' (the command's own options go after --: guivirt run QUBE -- CMD ARGS...)";
            }

            // `run --disposable work -- xterm` would otherwise run the command "work xterm".
            if (parsed.GetValue<bool>("--disposable") && beforeDoubleDash.Length > 0 && parsed.Tokens.Any(t => t.Type == TokenType.DoubleDash))
            {
                yield return $"a disposable qube is named by the daemon: '{beforeDoubleDash[0].Value}' cannot be its name (guivirt run --disposable -- CMD)";
            }
        }

        // `menu add` takes everything after `--` as the entry's command, as `run` does.
        if (parsed.CommandResult.Command.Name == "add" && parsed.CommandResult.Parent is CommandResult { Command.Name: "menu" })
        {
            foreach (Token token in WordsBeforeDoubleDash(parsed, "--label", "--icon").Where(t => t.Value.StartsWith('-')))
            {
                yield return $"unknown option '{token.Value}' (the command's own options go after --: guivirt menu add QUBE NAME -- CMD ARGS...)";
            }
        }
    }

    /// <summary>
    /// The command's own words before `--`: the argument tokens that are not the value of one of
    /// <paramref name="valuedOptions"/> (`--label orange` is an option and its value, not a word).
    /// </summary>
    private static IEnumerable<Token> WordsBeforeDoubleDash(ParseResult parsed, params string[] valuedOptions)
    {
        bool value = false;
        foreach (Token token in parsed.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash))
        {
            if (token.Type == TokenType.Argument && !value)
            {
                yield return token;
            }

            value = token.Type == TokenType.Option && valuedOptions.Contains(token.Value);
        }
    }

    private Command Daemon()
    {
        var config = new Option<string>("--config") { HelpName = "FILE", Description = "the configuration (default: $XDG_CONFIG_HOME/guivirt/config.toml, if it exists)" };
        var display = new Option<string>("--display") { HelpName = ":N", Description = "the host display (default: $DISPLAY)" };
        var socketDirectory = new Option<string>("--socket-dir") { HelpName = "DIR", Description = "where the control and qube sockets live (default: $XDG_RUNTIME_DIR/guivirt); one daemon per DIR, which holds DIR/daemon.lock" };
        var frame = new Option<int?>("--frame") { HelpName = "PIXELS", Description = "width of the trusted frame, 1 to 8 (default: the config's, else 2)" };
        frame.CustomParser = result =>
        {
            // Parsed here, not by the default converter: a value that is no number is a usage error, not an exception.
            string text = result.Tokens is [var token] ? token.Value : "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pixels))
            {
                result.AddError($"--frame: '{text}' is not a width in pixels (1 to 8)");
                return null;
            }

            if (DaemonOptions.CheckFrameWidth(pixels) is { } problem)
            {
                result.AddError($"--frame: {problem}");
                return null;
            }

            return pixels;
        };
        var decorations = new Option<string>("--decorations") { HelpName = "frame|strip", Description = "frame, or strip: the frame and a title strip drawn by the daemon (default: the config's, else strip when no window manager runs, frame when one does)" };
        string[] decorationNames = ["frame", "strip"];
        decorations.CompletionSources.Add(decorationNames);
        decorations.Validators.Add(result => OneOf(result, "--decorations", decorationNames));
        var auditLog = new Option<string>("--audit-log") { HelpName = "FILE", Description = "the clipboard audit log (default: $XDG_STATE_HOME/guivirt/clipboard-audit.jsonl)" };
        var qubes = new Option<string[]>("--qube") { HelpName = "NAME:LABEL", Description = $"a qube besides the configured ones (may be repeated); labels: {string.Join(", ", Label.Names)}" };
        qubes.Validators.Add(result =>
        {
            foreach (string spec in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (QubeConfig.ParseSpec(spec, out string? problem) is null)
                {
                    result.AddError(problem!);
                }
            }
        });
        var command = new Command("daemon", """
            Runs the daemon in the foreground: it shows the windows of qubes on this display. Each qube's agent connects to DIR/NAME.sock.

            SIGINT (Ctrl+C), SIGTERM and SIGHUP stop it cleanly: its windows go, the qubes it started stop, its sockets are removed, and it exits 0.
            """)
        {
            config, display, socketDirectory, Once(frame), Once(decorations), auditLog, qubes,
        };
        OnceEach(config, display, socketDirectory, auditLog);
        command.SetAction(parsed => DaemonProgram.Run(new DaemonArguments(
            parsed.GetValue(display),
            parsed.GetValue(config),
            parsed.GetValue(socketDirectory),
            parsed.GetValue(frame),
            parsed.GetValue(auditLog),
            parsed.GetValue(qubes),
            parsed.GetValue(_verbose),
            parsed.GetValue(decorations) switch
            {
                "strip" => Decorations.Strip,
                "frame" => Decorations.Frame,
                _ => null,
            })));
        return command;
    }

    private static Command Run(string runtime)
    {
        var label = LabelOption("the label of a qube that does not exist yet: " + string.Join(", ", Label.Names) + " (disposables: red unless given)");
        var network = new Option<string>("--network") { HelpName = "MODE", Description = "the network of a qube that does not exist yet: none (loopback only, the default) or user (the internet and the LAN, never the host; pasta, Debian package passt)" };
        network.CompletionSources.Add(QubeNetworks.Names);
        network.Validators.Add(result => OneOf(result, "--network", QubeNetworks.Names));
        var wait = new Option<bool>("--wait") { Description = "return when CMD ends, with its exit status" };
        var disposable = new Option<bool>("--disposable") { Description = "run CMD in a new disposable qube (disp1, disp2, ...) instead of QUBE" };
        var host = new Option<string>("--host") { HelpName = "[USER@]HOST[:PORT]", Description = "the qube runs on that machine, reached with your ssh (docs/remote.md); the far machine needs guivirt" };
        host.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && GuiDaemon.Remote.RemoteHost.TryParse(text, out string? problem) is null)
            {
                result.AddError($"--host: {problem}");
            }
        });
        var qube = new Argument<string?>(QubeValueName) { Arity = ArgumentArity.ZeroOrOne, Description = "the qube (not with --disposable)" };

        // ZeroOrMore for the parser only: with --disposable the parser puts the command's first word
        // in QUBE (a word cannot go back to an earlier argument in order), so CMD may be empty here;
        // the validator below requires a command either way.
        var commandWords = new Argument<string[]>("CMD") { Arity = ArgumentArity.ZeroOrMore, Description = "the command and its arguments, after --" };
        var command = new Command("run", """
            Runs CMD inside the qube, like Qubes' qvm-run. A qube that is not running is started first (its sandbox, X server and agent); a running one is reused. A qube the daemon does not know yet is created with --label, and with --network. A qube's network does not change.

            Returns once the qube has started CMD (exit 0). When CMD is not in the qube it exits 127, when it cannot be executed 126, as a shell does. With --wait it returns when CMD ends, with its exit status. What CMD prints goes to the qube's log: `guivirt logs QUBE`.

            With --disposable, CMD runs in a fresh qube named by the daemon (disp1, disp2, ...; label red unless --label says otherwise) whose home is in memory only. The qube is destroyed, with all its files, when CMD has exited and none of its windows is shown, or when its windows have all been closed (for 2 s). `guivirt ls` shows it as disposable while it lives.
            """)
        {
            Once(label), Once(network), Once(wait), Once(disposable), Once(host), qube, commandWords,
        };
        command.Validators.Add(result =>
        {
            int words = (result.GetValue(commandWords)?.Length ?? 0) + (result.GetValue(disposable) && result.GetValue(qube) is not null ? 1 : 0);
            if (words == 0)
            {
                result.AddError(result.GetValue(disposable) || result.GetValue(qube) is not null
                    ? "give the command to run after -- (guivirt run QUBE -- CMD ARGS...)"
                    : "give the qube and the command (guivirt run QUBE -- CMD ARGS..., or guivirt run --disposable -- CMD ARGS...)");
            }
        });
        command.SetAction(parsed =>
        {
            string[] words = parsed.GetValue(commandWords) ?? [];
            if (parsed.GetValue(disposable))
            {
                // No word before -- with --disposable (ExtraErrors): a QUBE the parser filled is the command's first word.
                return ControlCommands.Run(runtime, null, parsed.GetValue(label), parsed.GetValue(network), parsed.GetValue(wait), parsed.GetValue(qube) is { } first ? [first, .. words] : words);
            }

            return ControlCommands.Run(runtime, parsed.GetValue(qube), parsed.GetValue(label), parsed.GetValue(network), parsed.GetValue(wait), words, parsed.GetValue(host));
        });
        return command;
    }

    private static Command Copy(string runtime)
    {
        var sources = new Argument<string[]>("SOURCE:PATH") { Arity = ArgumentArity.OneOrMore, Description = "a file in qube SOURCE (absolute, or relative to its home); all from the same qube" };

        // The last word is TARGET: leave it to the next argument (OnlyTake shortens Tokens, so read them first).
        sources.CustomParser = result =>
        {
            string[] files = [.. result.Tokens.SkipLast(1).Select(token => token.Value)];
            result.OnlyTake(files.Length);
            return files;
        };
        var target = new Argument<string>("TARGET") { Description = "the qube the files go to" };
        var command = new Command("copy", """
            Copies files from qube SOURCE into qube TARGET, like Qubes' qvm-copy. They land in ~/Incoming/SOURCE in TARGET; a name that is taken there gets a numbered suffix (NAME.1, ...), nothing is overwritten. Both qubes must be running.

            Only regular files: a symbolic link, a directory or a device is refused. At most 1 GiB a file, 4 GiB and 10000 files a copy. The [[copy.rule]] policy of the daemon's configuration may deny it. Exit 0 when every file arrived; 1 with the reason otherwise (files copied before a failure stay in TARGET).
            """)
        {
            sources, target,
        };
        command.Validators.Add(result =>
        {
            string[] given = result.GetValue(sources) ?? [];
            if (given.Length == 0)
            {
                result.AddError("give at least one SOURCE:PATH before TARGET");
            }
            else if (ControlCommands.SplitSources(given) is null)
            {
                result.AddError("each file is SOURCE:PATH, with a qube and a path, all from one qube (such as work:report.pdf)");
            }
        });
        command.SetAction(parsed =>
        {
            (string source, string[] paths) = ControlCommands.SplitSources(parsed.GetValue(sources)!)!.Value;
            return ControlCommands.Copy(runtime, source, paths, parsed.GetValue(target)!);
        });
        return command;
    }

    private static Command Logs(string runtime)
    {
        var qube = new Argument<string>(QubeValueName) { Description = "the qube" };
        var follow = new Option<bool>("--follow", "-f") { Description = "follow the log as it grows, until Ctrl+C" };
        var command = new Command("logs", QubeLogs.Description) { qube, Once(follow) };
        command.SetAction(parsed => QubeLogs.Show(runtime, parsed.GetValue(qube)!, parsed.GetValue(follow)));
        return command;
    }

    private static Command List(string runtime)
    {
        var json = new Option<bool>("--json") { Description = "print JSON for scripts (fields: see the man page or the README)" };
        var command = new Command("ls", $"""
            Lists the qubes the daemon knows: name, label, state, number of windows, whether it is disposable or persistent, network (none or user), and the limits the kernel enforces on the qube's memory, tasks, CPU weight and /tmp (or that it does not).

            With --json: {ControlCommands.JsonDescription}
            """)
        {
            Once(json),
        };
        command.SetAction(parsed => ControlCommands.List(runtime, parsed.GetValue(json)));
        return command;
    }

    private static Command Stop(string runtime)
    {
        var qube = new Argument<string>(QubeValueName) { Description = "the qube" };
        var command = new Command("stop", "Stops the qube: everything in it ends (a remote qube's too, on its far machine), its agent is disconnected and its windows leave the screen.") { qube };
        command.SetAction(parsed => ControlCommands.Stop(runtime, parsed.GetValue(qube)!));
        return command;
    }

    private static Command Screenshot()
    {
        var file = new Argument<string>("FILE.png") { Description = "where the PNG goes" };
        var display = new Option<string>("--display") { HelpName = ":N", Description = "the display (default: $DISPLAY)" };
        var command = new Command("screenshot", "Saves the host display as a PNG.") { file, Once(display) };
        command.SetAction(parsed => ControlCommands.TakeScreenshot(parsed.GetValue(file)!, parsed.GetValue(display)));
        return command;
    }

    private static Command Clipboard(string runtime)
    {
        var clear = new Option<bool>("--clear") { Description = "wipe the clipboard" };
        var command = new Command("clipboard", "Shows whether the clipboard holds text or an image, how much, and which qube it came from (never the content).") { Once(clear) };
        command.SetAction(parsed => ControlCommands.Clipboard(runtime, parsed.GetValue(clear)));
        return command;
    }

    private static Command DemoCommand()
    {
        var file = new Argument<string>("FILE.png") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "demo.png", Description = "where the screenshot goes" };
        var command = new Command("demo", """
            Starts a daemon and two sandboxed qubes, work (blue) and personal (red), with xterm, xclock and xlogo, and saves the host screen to FILE.png. Without $DISPLAY it uses its own headless display and ends after the screenshot; with one, the windows stay until Ctrl+C.
            """)
        {
            file,
        };
        command.SetAction(parsed => Demo.Run(parsed.GetValue(file)!));
        return command;
    }

    private static Command SelftestCommand()
    {
        var command = new Command("selftest", SelftestRun.Description);
        command.SetAction(_ => SelftestRun.Run(Console.Out));
        return command;
    }

    private static Option<string> LabelOption(string description)
    {
        var label = new Option<string>("--label") { HelpName = "COLOR", Description = description };
        label.CompletionSources.Add([.. Label.Names]);
        label.Validators.Add(result => OneOf(result, "--label", [.. Label.Names]));
        return label;
    }

    private static void OneOf(SymbolResult result, string what, IReadOnlyCollection<string> allowed)
    {
        foreach (Token token in result.Tokens)
        {
            if (!allowed.Contains(token.Value))
            {
                result.AddError($"{what}: unknown value '{token.Value}' (one of {string.Join(", ", allowed)})");
            }
        }
    }

    // POSIX utilities take an option once; a second one is more likely a slip than a wish.
    private static T Once<T>(T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.IdentifierTokenCount > 1)
            {
                result.AddError($"{option.Name} is given more than once");
            }
        });
        return option;
    }

    private static void OnceEach(params Option[] options)
    {
        foreach (Option option in options)
        {
            Once(option);
        }
    }
}
