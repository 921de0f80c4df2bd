using System.Diagnostics;
using GuiVirt.TestSupport;

namespace GuiVirt.Cli.Tests;

/// <summary>
/// The command line as System.CommandLine parses it, without a daemon: exit codes (0, 1, 2), the
/// usage errors that were parsing bugs, generated help, and the man page and completion scripts
/// checked by the real tools (groff, man, bash, zsh).
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string[] Commands = ["daemon", "run", "copy", "logs", "ls", "stop", "screenshot", "clipboard", "demo", "selftest", "completion", "man"];

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-cli-parse-test-").FullName;

    private string Sockets => Path.Combine(_directory, "sockets");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("9")]
    [InlineData("0")]
    public void AFrameOutsideOneToEightIsAUsageErrorThatSaysSo(string frame)
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "daemon", "--display", ":99", "--frame", frame);
        Assert.Equal(2, code);
        Assert.Contains($"--frame: the frame is 1 to 8 pixels wide, not {frame}", errors, StringComparison.Ordinal);
        Assert.Contains("guivirt daemon --help", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "--memory-mib", "5", "--memory-mib must be a whole number from 128 to 1048576, not 5")]
    [InlineData("keep", "--network", "host", "--network must be one of none, user, not 'host'")]
    [InlineData("serve", "--scale-percent", "175", "--scale-percent must be one of 100, 125, 150, 200, not 175")]
    [InlineData("keep", "--screen", "0x0", "--screen must be WxH, each 16 to 16384, not '0x0'")]
    [InlineData("serve", "--screen", "1920", "--screen must be WxH, each 16 to 16384, not '1920'")]
    public void AFarSideSettingOutOfRangeIsRefusedByNameBeforeAnythingStarts(string command, string option, string value, string expected)
    {
        // What the host sends to the far machine: a wrong value is an error there, never a default.
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "remote", command, "q", option, value);
        Assert.Equal(2, code);
        Assert.Contains($"guivirt remote: {expected}", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrailingConfigWithoutAFileIsAnErrorNotTheDefault()
    {
        // Before, the daemon started with the default configuration: the user never knew their file was not read.
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "daemon", "--display", ":99", "--config");
        Assert.Equal(2, code);
        Assert.Contains("--config", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Sockets, "daemon.lock")), "the daemon must not have started");
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("daemon", "--qube", "work:mauve")]
    [InlineData("daemon", "--qube", "disp3:red")]
    [InlineData("daemon", "--qube", "work")]
    [InlineData("daemon", "--frame", "x")]
    [InlineData("daemon", "--display")]
    [InlineData("daemon", "--socket-dir", "a", "--socket-dir", "b")]
    [InlineData("run", "--disposable", "work", "--", "xterm")]
    [InlineData("run", "--disposable")]
    [InlineData("run", "work", "--")]
    [InlineData("run", "q", "--network", "bridge", "--", "x")]
    [InlineData("run", "q", "--label", "red", "--label", "blue", "--", "x")]
    [InlineData("ls", "extra")]
    [InlineData("ls", "--jsn")]
    [InlineData("stop")]
    [InlineData("completion", "fish")]
    [InlineData("logs", "a", "b")]
    public void UsageErrorsExitTwoWithTheProblemAndWhereToLook(params string[] arguments)
    {
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, arguments);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("guivirt: ", errors, StringComparison.Ordinal);
        Assert.Contains("--help'.", errors, StringComparison.Ordinal);
    }

    // Valid lines: with no daemon at these sockets each fails to reach it (exit 1), never a usage error.
    [Theory]
    [InlineData("run", "--disposable", "--label", "orange", "--", "xterm")]
    [InlineData("run", "--disposable", "--", "sh", "-c", "true")]
    [InlineData("run", "--disposable", "--network=user", "--wait", "--", "xterm")]
    [InlineData("run", "work", "--label", "blue", "--", "xterm", "-e", "top")]
    [InlineData("menu", "add", "q7", "Top", "--label", "red", "--", "xterm", "-e", "top")]
    public void ValidLinesAreNoUsageError(params string[] arguments)
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, arguments);
        Assert.DoesNotContain("--help'.", errors, StringComparison.Ordinal);
        Assert.NotEqual(2, code);
    }

    [Fact]
    public void NoCommandIsAUsageError()
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets);
        Assert.Equal(2, code);
        Assert.Contains("Try 'guivirt --help'.", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommandHasGeneratedHelpListingItsOptions()
    {
        (int code, string root, _) = GuivirtCli.Run(Sockets, "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("usage: guivirt [--verbose] COMMAND [ARGUMENTS]", root, StringComparison.Ordinal);
        foreach (string command in Commands)
        {
            Assert.Matches($"(?m)^  {command} +[A-Z]", root); // listed with its summary
            (code, string help, string errors) = GuivirtCli.Run(Sockets, command, "-h");
            Assert.True(code == 0, errors);
            Assert.StartsWith($"usage: guivirt {command}", help, StringComparison.Ordinal);
            Assert.Contains("  -h, --help", help, StringComparison.Ordinal);
            Assert.Contains("  -v, --verbose", help, StringComparison.Ordinal);
        }

        (_, string daemon, _) = GuivirtCli.Run(Sockets, "daemon", "--help");
        foreach (string option in new[] { "--config FILE", "--display :N", "--socket-dir DIR", "--frame PIXELS", "--audit-log FILE", "--qube NAME:LABEL" })
        {
            Assert.Contains($"  {option}", daemon, StringComparison.Ordinal);
        }

        (code, string version, _) = GuivirtCli.Run(Sockets, "--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }

    [Fact]
    public void TheManPageRendersWithoutAWarningAndDescribesEveryCommandAndOption()
    {
        (int code, string page, _) = GuivirtCli.Run(Sockets, "man");
        Assert.Equal(0, code);
        string file = Path.Combine(_directory, "guivirt.1");
        File.WriteAllText(file, page);

        // groff -ww: every warning; -z: format, print nothing. man -l with warnings on: what `man` itself says.
        (int groff, _, string groffWarnings) = Tool("groff", "-man", "-Tutf8", "-ww", "-z", file);
        Assert.Equal(0, groff);
        Assert.Equal("", groffWarnings);
        (int man, string rendered, string manWarnings) = Tool("man", "--warnings", "-l", file);
        Assert.Equal(0, man);
        Assert.Equal("", manWarnings);
        rendered = System.Text.RegularExpressions.Regex.Replace(rendered, ".\b", ""); // man's overstrike bold
        Assert.Contains("guivirt - run apps in sandboxed qubes", rendered, StringComparison.Ordinal);
        foreach (string command in Commands)
        {
            Assert.Contains($"guivirt {command}", rendered, StringComparison.Ordinal);
        }

        // The same text as --help: a line of run's description and of an option.
        Assert.Contains("--network", rendered, StringComparison.Ordinal);
        Assert.Contains("passt", rendered, StringComparison.Ordinal);
        Assert.Contains("EXIT STATUS", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guivirt r", "run")]
    [InlineData("guivirt s", "stop screenshot selftest")]
    [InlineData("guivirt --verbose cl", "clipboard")]
    [InlineData("guivirt run --label b", "blue black")]
    [InlineData("guivirt run --network ", "none user")]
    [InlineData("guivirt run --w", "--wait")]
    [InlineData("guivirt daemon --fr", "--frame")]
    [InlineData("guivirt logs --f", "--follow")]
    [InlineData("guivirt completion ", "bash zsh")]
    [InlineData("guivirt ls --j", "--json")]
    public void TheBashCompletionCompletesCommandsOptionsAndValues(string line, string expected)
    {
        Assert.Equal(Sorted(expected), Sorted(BashComplete(line)));
    }

    [Fact]
    public void TheBashCompletionCompletesFileArguments()
    {
        File.WriteAllText(Path.Combine(_directory, "shot-one.png"), "");
        Assert.Equal("shot-one.png", BashComplete("guivirt screenshot shot-", _directory));
    }

    [Fact]
    public void TheZshCompletionIsAValidCompletionFunctionThatZshRegisters()
    {
        (int code, string script, _) = GuivirtCli.Run(Sockets, "completion", "zsh");
        Assert.Equal(0, code);
        Assert.StartsWith("#compdef guivirt\n", script, StringComparison.Ordinal);
        string file = Path.Combine(_directory, "_guivirt");
        File.WriteAllText(file, script);
        (int syntax, _, string syntaxErrors) = Tool("zsh", "-n", file);
        Assert.True(syntax == 0, syntaxErrors);

        // Loaded by compinit from $fpath, as an installed _guivirt is: zsh maps guivirt to it.
        (int loaded, string comps, string errors) = Tool("zsh", "-f", "-c", $"fpath=({_directory} $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[guivirt]");
        Assert.True(loaded == 0, errors);
        Assert.Equal("_guivirt", comps.Trim());
    }

    [Theory]
    [InlineData("guivirt run --net", "guivirt run --network")]
    [InlineData("guivirt comp", "guivirt completion")]
    [InlineData("guivirt run --label pur", "guivirt run --label purple")]
    public void ZshCompletesInAnInteractiveShell(string typed, string completed)
    {
        (_, string script, _) = GuivirtCli.Run(Sockets, "completion", "zsh");
        File.WriteAllText(Path.Combine(_directory, "_guivirt"), script);

        // A real interactive zsh on a pseudo-terminal (zpty), with _guivirt in $fpath as installed:
        // TAB after the typed words must insert the rest. Without the script zsh completes files.
        string test = Path.Combine(_directory, "complete.zsh");
        File.WriteAllText(test, $$"""
            zmodload zsh/zpty
            zpty z zsh -f -i
            zpty -w z "PS1='> '; fpath=({{_directory}} \$fpath); autoload -Uz compinit; compinit -u -D; bindkey '^I' complete-word"
            zpty -w z "{{typed}}"$'	'
            out=
            for i in {1..150}; do
              zpty -r -t z chunk && out+=$chunk
              [[ $out == *'{{completed}}'* ]] && { print completed; break }
              sleep 0.1
            done
            zpty -d z
            """);
        (int code, string output, string errors) = Tool("zsh", "-f", test);
        Assert.True(code == 0, errors);
        Assert.Equal("completed", output.Trim());
    }

    /// <summary>The words bash's completion gives for <paramref name="line"/> (the last word is the one being completed).</summary>
    private string BashComplete(string line, string? workingDirectory = null)
    {
        (int code, string script, _) = GuivirtCli.Run(Sockets, "completion", "bash");
        Assert.Equal(0, code);
        string file = Path.Combine(_directory, "guivirt.bash");
        File.WriteAllText(file, script);
        string words = string.Join(' ', line.Split(' ').Select(word => $"'{word}'"));
        (int result, string output, string errors) = ToolIn(
            workingDirectory,
            "bash",
            "-c",
            $"source '{file}' && COMP_LINE='{line}' && COMP_POINT=${{#COMP_LINE}} && COMP_WORDS=({words}) && COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)) && _guivirt && echo \"${{COMPREPLY[*]}}\"");
        Assert.True(result == 0, errors);
        return output.Trim();
    }

    private static string Sorted(string words) => string.Join(' ', words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static (int Code, string Output, string Errors) Tool(string program, params string[] arguments) => ToolIn(null, program, arguments);

    private static (int Code, string Output, string Errors) ToolIn(string? workingDirectory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.Environment["MANWIDTH"] = "100";
        start.Environment["MANPAGER"] = "cat";
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"{program} did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }
}
