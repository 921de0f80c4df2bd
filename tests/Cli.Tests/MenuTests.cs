using System.Diagnostics;
using GuiVirt.Cli.Menu;
using GuiVirt.TestSupport;
using SkiaSharp;

namespace GuiVirt.Cli.Tests;

/// <summary>
/// `guivirt menu`: the entries validate with desktop-file-validate, a real desktop-entry consumer
/// (GLib's, through `gio launch`) starts exactly the command that was given, icons take the label's
/// colour, and names or commands that the file format cannot carry safely are refused.
/// </summary>
public sealed class MenuTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-menu-test-").FullName;

    private string Sockets => Path.Combine(_directory, "sockets");

    /// <summary>Where GuivirtCli points XDG_DATA_HOME.</summary>
    private string Applications => Path.Combine(Sockets + "-data", "applications");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AnEntryValidatesAndGLibStartsExactlyTheGivenCommand()
    {
        // Every character the Exec rules treat specially: quotes, backslash, $, `, %, spaces, ;, and a field-code look-alike.
        string[] command = ["sh", "-c", "echo \"$HOME\" 'it''s' `id` \\ a;b", "100% %f %u", "", "~/x <y> |z& #w *?()"];
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, ["menu", "add", "work", "Shell & \"quotes\" 100%", "--label", "orange", "--", .. command]);
        Assert.True(code == 0, errors);
        string file = Path.Combine(Applications, "guivirt-work-shell-quotes-100.desktop");
        Assert.Contains(file, output, StringComparison.Ordinal);

        string text = File.ReadAllText(file);
        Assert.Contains("Name=[work] Shell & \"quotes\" 100%\n", text, StringComparison.Ordinal);
        (int valid, string report) = Run("desktop-file-validate", [file]);
        Assert.True(valid == 0 && report.Length == 0, report);

        // GLib parses the Exec line as every desktop does; a `guivirt` first on its PATH writes down what it was given.
        string bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName, argv = Path.Combine(_directory, "argv");
        File.WriteAllText(Path.Combine(bin, "guivirt"), $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > {argv}.partial && mv {argv}.partial {argv}\n");
        File.SetUnixFileMode(Path.Combine(bin, "guivirt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (int launched, string launchErrors) = Run("gio", ["launch", file], path: bin);
        Assert.True(launched == 0, launchErrors);
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(argv) && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(50);
        }

        string[] received = File.ReadAllText(argv).Split('\0')[..^1];
        Assert.Equal(["run", "work", "--label", "orange", "--", .. command], received);
    }

    [Fact]
    public void TheIconKeepsItsLightnessAndTakesTheLabelsColour()
    {
        string source = Path.Combine(_directory, "icon.png");
        using (var bitmap = new SKBitmap(new SKImageInfo(4, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            bitmap.SetPixel(0, 0, new SKColor(255, 255, 255, 255)); // white stays white
            bitmap.SetPixel(1, 0, new SKColor(0, 0, 0, 255));       // black stays black
            bitmap.SetPixel(2, 0, new SKColor(0, 200, 0, 255));     // green, lightness 0.39: becomes a blue of that lightness
            bitmap.SetPixel(3, 0, new SKColor(200, 0, 0, 90));      // alpha is kept
            using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(source, png.ToArray());
        }

        (int code, _, string errors) = GuivirtCli.Run(Sockets, "menu", "add", "work", "Editor", "--label", "blue", "--icon", source, "--", "featherpad");
        Assert.True(code == 0, errors);
        string entry = Path.Combine(Applications, "guivirt-work-editor.desktop");
        string icon = DesktopEntry.Value(File.ReadAllText(entry), "Icon")!;
        Assert.True(Path.IsPathRooted(icon) && File.Exists(icon), icon);
        Assert.Equal(0, Run("desktop-file-validate", [entry]).ExitCode);

        using SKBitmap tinted = SKBitmap.Decode(icon);
        Assert.Equal(new SKColor(255, 255, 255, 255), tinted.GetPixel(0, 0));
        Assert.Equal(new SKColor(0, 0, 0, 255), tinted.GetPixel(1, 0));
        (float labelHue, float labelSaturation, _) = IconTint.ToHsl(0x34, 0x65, 0xA4); // blue, #3465a4
        SKColor green = tinted.GetPixel(2, 0);
        (float hue, float saturation, float lightness) = IconTint.ToHsl(green.Red, green.Green, green.Blue);
        Assert.Equal(labelHue, hue, 0.01f);
        Assert.Equal(labelSaturation, saturation, 0.02f);
        Assert.Equal(100 / 255f, lightness, 0.01f);
        Assert.Equal(90, tinted.GetPixel(3, 0).Alpha);
    }

    [Theory]
    [InlineData("work", "line\nbreak")]
    [InlineData("work", "line\rbreak")]
    [InlineData("work", "x\n[Desktop Entry]\nExec=rm -rf ~")]
    [InlineData("work", "[personal] Firefox")]
    [InlineData("work", "a]b")]
    [InlineData("work", "evil\u202Egpj.exe")] // a bidi override would make the label read differently
    [InlineData("work", "bell\u0007")]
    [InlineData("work", "../../..")]
    [InlineData("work", "%%%")]
    [InlineData("work", "")]
    [InlineData("../work", "name")]
    [InlineData("a/b", "name")]
    [InlineData("work-", "name\u0085")]
    [InlineData("1work", "name")]
    public void NamesThatCannotBeCarriedSafelyAreRefused(string qube, string name)
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "menu", "add", qube, name, "--label", "red", "--", "xterm");
        Assert.Equal(1, code);
        Assert.StartsWith("guivirt: menu: ", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Applications) && Directory.EnumerateFileSystemEntries(Applications).Any(), "an entry was written");
    }

    [Theory]
    [InlineData("new\nline")]
    [InlineData("esc\u001b[31m")]
    [InlineData("del\u007f")]
    [InlineData("tab\there")]
    public void CommandsThatCannotBeCarriedSafelyAreRefused(string argument)
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "menu", "add", "work", "Tool", "--label", "red", "--", "sh", "-c", argument);
        Assert.Equal(1, code);
        Assert.Contains("the command contains the character", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Applications) && Directory.EnumerateFileSystemEntries(Applications).Any(), "an entry was written");
    }

    [Fact]
    public void LsListsAndRmRemovesEntryAndIcon()
    {
        Assert.Equal(0, GuivirtCli.Run(Sockets, "menu", "add", "work", "Terminal", "--label", "blue", "--", "xterm").ExitCode);
        Assert.Equal(0, GuivirtCli.Run(Sockets, "menu", "add", "personal", "Browser", "--label", "red", "--", "firefox-esr").ExitCode);
        File.WriteAllText(Path.Combine(Applications, "other.desktop"), "[Desktop Entry]\nType=Application\nName=Not ours\nExec=true\n");

        (int code, string listing, _) = GuivirtCli.Run(Sockets, "menu", "ls");
        Assert.Equal(0, code);
        string[] lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^personal\s+\[personal\] Browser\s+.*guivirt-personal-browser\.desktop$", lines[0]);
        Assert.Matches(@"^work\s+\[work\] Terminal\s+.*guivirt-work-terminal\.desktop$", lines[1]);

        Assert.Equal(0, GuivirtCli.Run(Sockets, "menu", "rm", "work", "Terminal").ExitCode);
        Assert.False(File.Exists(Path.Combine(Applications, "guivirt-work-terminal.desktop")));
        Assert.True(File.Exists(Path.Combine(Applications, "other.desktop")));
        (code, _, string errors) = GuivirtCli.Run(Sockets, "menu", "rm", "work", "Terminal");
        Assert.Equal(1, code);
        Assert.Contains("there is no entry [work] Terminal", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownLabelIsAskedForAndUsageErrorsExit2()
    {
        // No configuration names qube q7, and no daemon runs at these sockets.
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "menu", "add", "q7", "Terminal", "--", "xterm");
        Assert.Equal(1, code);
        Assert.Contains("give --label COLOR", errors, StringComparison.Ordinal);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "menu", "add", "work", "Terminal", "--label", "blue").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "menu", "add", "work", "Terminal", "--bogus", "--", "xterm").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "menu", "frobnicate").ExitCode);
        Assert.Equal(2, GuivirtCli.Run(Sockets, "menu", "add", "work", "Terminal", "--label", "pink", "--", "xterm").ExitCode); // an unknown label is a usage error, as for run
        (code, string help, _) = GuivirtCli.Run(Sockets, "menu", "--help");
        Assert.Equal(0, code);
        Assert.Contains("usage: guivirt menu add [--label COLOR] [--icon FILE.png] QUBE NAME -- CMD...\n       guivirt menu ls\n       guivirt menu rm QUBE NAME", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("$HOME", "\"\\\\$HOME\"")]
    [InlineData("a\\b", "\"a\\\\\\\\b\"")]
    [InlineData("100%", "100%%")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\\\"hi\\\\\"\"")]
    public void ArgumentsAreQuotedAsTheSpecSays(string argument, string quoted) =>
        Assert.Equal(quoted, DesktopEntry.QuoteArgument(argument));

    private static (int ExitCode, string Output) Run(string tool, string[] arguments, string? path = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("DISPLAY");
        if (path is not null)
        {
            start.Environment["PATH"] = path + ":" + Environment.GetEnvironmentVariable("PATH");
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors);
    }
}
