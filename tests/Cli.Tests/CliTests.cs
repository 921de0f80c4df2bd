using System.Diagnostics;
using System.Text.Json;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.TestSupport;
using SkiaSharp;

namespace GuiVirt.Cli.Tests;

/// <summary>The `guivirt` command line against a running daemon: ls, stop, screenshot, and its errors.</summary>
public sealed class CliTests : HostDisplayTest
{
    [Fact]
    public void LsStopAndScreenshotWork()
    {
        using var daemon = new DaemonProcess(Host.Display, Sockets, "work:orange", "personal:gray");
        using var qube = new XvfbServer(1280, 800);
        using var agent = new AgentProcess(qube.Display, daemon.SocketOf("work"));
        using TestAppProcess app = TestAppProcess.Start(qube.Display, "--geometry", "100x80+20+30", "--title", "listed");
        using var screen = new HostScreen(Host.Display);
        screen.WaitForWindow("[work] listed");
        screen.WaitForPixel(18, 28, 0xF57900); // the frame is drawn before we take the screenshot

        (int code, string output, _) = GuivirtCli.Run(Sockets, "ls");
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The agent was started by the test, not in a sandbox of the daemon: no limits of the daemon's.
        // The stopped qube shows what its sandbox would get (on a host without cgroups: that it is not limited).
        Assert.Matches(@"^work\s+orange\s+running\s+1\s+persistent\s+none\s+not started by the daemon: its limits are not the daemon's$", lines.Single(l => l.StartsWith("work", StringComparison.Ordinal)));
        Assert.Matches(@"^personal\s+gray\s+stopped\s+0\s+persistent\s+none\s+(memory 4096 MiB, 1024 tasks, cpu weight 100 \(.*\)|memory, tasks, cpu weight NOT limited .*), /tmp 512 MiB$", lines.Single(l => l.StartsWith("personal", StringComparison.Ordinal)));

        string png = Path.Combine(TestDirectory, "shot.png");
        Assert.Equal(0, GuivirtCli.Run(Sockets, "screenshot", png, "--display", Host.Display).ExitCode);
        using (SKBitmap shot = SKBitmap.Decode(png))
        {
            Assert.Equal((1280, 800), (shot.Width, shot.Height));
            Assert.Equal(new SKColor(0xF5, 0x79, 0x00), shot.GetPixel(18, 28)); // the orange frame's corner
        }

        Assert.Equal(0, GuivirtCli.Run(Sockets, "stop", "work").ExitCode);
        Assert.False(screen.HasWindow("[work] listed"));
        Assert.Matches(@"work\s+orange\s+stopped\s+0", GuivirtCli.Run(Sockets, "ls").Output);
    }

    [Fact]
    public void StopAnswersOnlyOnceTheQubesWindowsAreGone()
    {
        // The answer to `stop` is the user's signal that the windows have left the screen: a
        // check right after it must never see them (the daemon once answered before its
        // XDestroyWindow had reached the host server). A race, so it is run many times.
        using var daemon = new DaemonProcess(Host.Display, Sockets, "work:orange");
        using var qube = new XvfbServer(1280, 800);
        using TestAppProcess app = TestAppProcess.Start(qube.Display, "--geometry", "100x80+20+30", "--title", "short-lived");
        using var screen = new HostScreen(Host.Display);
        for (int round = 0; round < 15; round++)
        {
            using var agent = new AgentProcess(qube.Display, daemon.SocketOf("work"));
            screen.WaitForWindow("[work] short-lived");
            ControlResponse stopped = ControlClient.Send(Sockets, new ControlRequest("stop", "work"), TimeSpan.FromSeconds(10));
            Assert.True(stopped.Ok, stopped.Message);
            Assert.False(screen.HasWindow("[work] short-lived"), $"round {round}: the window was still there after `stop` answered");
        }
    }

    [Fact]
    public void ErrorsSayWhatToDo()
    {
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "ls");
        Assert.Equal(1, code);
        Assert.Contains("no guivirt daemon is running", errors, StringComparison.Ordinal);
        Assert.Contains("guivirt daemon", errors, StringComparison.Ordinal);

        using var daemon = new DaemonProcess(Host.Display, Sockets, "work:orange");
        daemon.SocketOf("work");
        (code, _, errors) = GuivirtCli.Run(Sockets, "stop", "nosuch");
        Assert.Equal(1, code);
        Assert.Contains("no qube named 'nosuch'", errors, StringComparison.Ordinal);

        foreach (string command in new[] { "ls", "stop", "screenshot", "daemon" })
        {
            (code, string help, _) = GuivirtCli.Run(Sockets, command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("usage: guivirt", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LsJsonHasTheDocumentedFieldsAndBashCompletesTheDaemonsQubes()
    {
        using var daemon = new DaemonProcess(Host.Display, Sockets, ["--verbose"], "work:orange", "personal:gray");
        daemon.SocketOf("personal");
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, "ls", "--json");
        Assert.True(code == 0, errors);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement[] qubes = [.. json.RootElement.GetProperty("qubes").EnumerateArray()];
        Assert.Equal(["work", "personal"], qubes.Select(qube => qube.GetProperty("name").GetString()));
        JsonElement work = qubes[0];
        Assert.Equal(["name", "label", "state", "windows", "kind", "network", "limits"], work.EnumerateObject().Select(field => field.Name));
        Assert.Equal("orange", work.GetProperty("label").GetString());
        Assert.Equal("stopped", work.GetProperty("state").GetString());
        Assert.Equal(0, work.GetProperty("windows").GetInt32());
        Assert.Equal("persistent", work.GetProperty("kind").GetString());
        Assert.Equal("none", work.GetProperty("network").GetString());
        Assert.Contains("/tmp 512 MiB", work.GetProperty("limits").GetString(), StringComparison.Ordinal);

        // QUBE and TARGET complete with what `guivirt ls --json` of this daemon says, as a user's shell
        // would: the generated script, sourced in bash, with a real guivirt on the PATH.
        Assert.Equal("personal work", BashComplete("guivirt stop "));
        Assert.Equal("work", BashComplete("guivirt run w"));
        Assert.Equal("personal", BashComplete("guivirt copy work:a.txt p"));

        // --verbose: the daemon's debug lines, like every line, with a time stamp and a level.
        daemon.WaitForLog("debug guivirt: control request ls");
        AssertEveryLineHasATimeStampAndALevel(daemon.Log);
    }

    [Fact]
    public void WithoutVerboseTheDaemonWritesNoDebugLineAndAnInheritedJournalStreamKeepsTheTimeStamps()
    {
        // JOURNAL_STREAM names journald's socket only for the process systemd started; this one's
        // standard error is the test's pipe, so its lines must keep their own time stamps.
        var environment = new Dictionary<string, string?> { ["JOURNAL_STREAM"] = "8:123456" };
        using var daemon = new DaemonProcess(Host.Display, Sockets, environment, [], "work:orange");
        daemon.SocketOf("work");
        Assert.Equal(0, GuivirtCli.Run(Sockets, "ls").ExitCode);
        Assert.Equal(0, GuivirtCli.Run(Sockets, "stop", "work").ExitCode);
        daemon.WaitForLog("info guivirt: qube work stopped by the user");
        Assert.DoesNotContain(" debug ", daemon.Log, StringComparison.Ordinal);
        AssertEveryLineHasATimeStampAndALevel(daemon.Log);
    }

    [Fact]
    public void ABadConfigFileNamesItsLine()
    {
        string config = Path.Combine(TestDirectory, "config.toml");
        File.WriteAllText(config, "frame_width = 3\n[[qube]]\nname = \"work\"\nlabel = \"mauve\"\n");
        (int code, _, string errors) = GuivirtCli.Run(Sockets, "daemon", "--display", Host.Display, "--config", config);
        Assert.Equal(2, code);
        Assert.Contains($"{config}:4: qube 'work': unknown label 'mauve'", errors, StringComparison.Ordinal);
    }

    private static void AssertEveryLineHasATimeStampAndALevel(string log)
    {
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warning|error) guivirt: ", line);
        }
    }

    /// <summary>What bash's generated completion offers for <paramref name="line"/>, with a real `guivirt` on the PATH talking to the test's daemon.</summary>
    private string BashComplete(string line)
    {
        string bin = Path.Combine(TestDirectory, "bin");
        Directory.CreateDirectory(bin);
        string guivirt = Path.Combine(bin, "guivirt");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        File.WriteAllText(guivirt, $"#!/bin/sh\nexec '{dotnet}' '{BuiltProgram.Path("Cli", "guivirt.dll")}' \"$@\"\n");
        File.SetUnixFileMode(guivirt, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string words = string.Join(' ', line.Split(' ').Select(word => $"'{word}'"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source <(guivirt completion bash) && COMP_LINE='{line}' && COMP_POINT=${{#COMP_LINE}} && COMP_WORDS=({words}) && COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)) && _guivirt && echo \"${{COMPREPLY[*]}}\"");
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["GUIVIRT_RUNTIME_DIR"] = Sockets;
        using Process bash = Process.Start(start)!;
        Task<string> output = bash.StandardOutput.ReadToEndAsync();
        Task<string> errors = bash.StandardError.ReadToEndAsync();
        Assert.True(bash.WaitForExit(60_000), "bash did not finish");
        Assert.True(bash.ExitCode == 0, errors.Result);
        return string.Join(' ', output.Result.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }
}
