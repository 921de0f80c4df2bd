using System.Text;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Clipboard copy between qubes with the real hotkeys pressed on the host (xdotool), real agents and
/// real xclip in two qubes: only the hotkeys move text, once per copy, within the limits and policy.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed partial class ClipboardTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-clipboard-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _a = new(1280, 800);
    private readonly XvfbServer _b = new(1280, 800);
    private readonly List<IDisposable> _processes = [];
    private DaemonProcess _daemon = null!;
    private HostScreen _screen = null!;
    private XRect _windowA, _windowB;
    private TestAppProcess _appA = null!;

    public void Dispose()
    {
        _screen?.Dispose();
        Enumerable.Reverse(_processes).ToList().ForEach(p => p.Dispose());
        _b.Dispose();
        _a.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void TextCopiedInOneQubeIsPastedInAnotherOnceAndTheHotkeyNeverReachesTheApp()
    {
        Start();
        const string Text = "héllo wörld ✓ 日本";
        SetClipboard(_a, Text);
        Copy();
        WaitForAudit("\"action\":\"copy\",\"source\":\"a\",\"target\":null,\"bytes\":" + Encoding.UTF8.GetByteCount(Text) + ",\"result\":\"copied\"");
        Assert.Contains("from a", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output, StringComparison.Ordinal);

        // A trusted notice, drawn by the daemon in a host window of its own: green edge for done.
        (XWindow notice, XRect bounds) = _screen.WaitForWindow("GuiVirt");
        Assert.True(_screen.Geometry(notice).OverrideRedirect);
        _screen.WaitForPixel(bounds.X + 2, bounds.Y + 2, 0x73D216);
        _daemon.WaitForLog("notice: Copied text (" + Encoding.UTF8.GetByteCount(Text) + " bytes) from a");

        Paste();
        WaitForAudit("\"result\":\"pasted\"");
        Assert.Equal(Text, ReadClipboard(_b));
        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);

        Paste(); // one paste per copy: the second delivers nothing
        WaitForAudit("\"action\":\"paste\",\"source\":null,\"target\":\"b\",\"bytes\":0,\"result\":\"empty\"");

        // The C of Ctrl+Shift+C was the host's: the app saw the modifiers, never the key (keycode 54).
        // Control_L's release came after the C on the host: once it has arrived, so would have the C.
        _appA.WaitForLine(line => line.StartsWith("key release keycode=37", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains(_appA.Lines, line => line.StartsWith("key press keycode=37", StringComparison.Ordinal)); // Control_L did arrive
        Assert.DoesNotContain(_appA.Lines, line => line.Contains("keycode=54", StringComparison.Ordinal));
        // And the content is in no log.
        Assert.DoesNotContain("wörld", _daemon.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(_daemon.AuditLines, line => line.Contains("wörld", StringComparison.Ordinal));
    }

    [Fact]
    public void ExactlyTheLimitIsAcceptedAndOneByteMoreIsRefused()
    {
        Start("a:blue", "b:red", config: "[[qube]]\nname = \"a\"\nlabel = \"blue\"\nclipboard_max_bytes = 1000\n");
        SetClipboard(_a, new string('x', 1001));
        Copy();
        WaitForAudit("\"bytes\":1001,\"result\":\"too-large\"");
        SetClipboard(_a, new string('y', 1000));
        Copy();
        WaitForAudit("\"bytes\":1000,\"result\":\"copied\"");
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        Start();
        SetClipboardBytes(_a, [0x61, 0xFF, 0xFE, 0x62]);
        Copy();
        WaitForAudit("\"bytes\":4,\"result\":\"invalid\"");
        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);
    }

    [Fact]
    public void ADenyRuleBlocksThePaste()
    {
        Start(config: "[[clipboard.rule]]\nfrom = \"a\"\nto = \"b\"\naction = \"deny\"\n");
        SetClipboard(_a, "secret");
        Copy();
        WaitForAudit("\"result\":\"copied\"");
        SetClipboard(_b, "unchanged");
        Paste();
        WaitForAudit("\"action\":\"paste\",\"source\":\"a\",\"target\":\"b\",\"bytes\":6,\"result\":\"denied\"");
        Assert.Equal("unchanged", ReadClipboard(_b));
    }

    [Fact]
    public async Task UnrequestedDataIsDroppedAndClearWipes()
    {
        Start();
        using (ScriptedAgent intruder = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("c")))
        {
            intruder.Channel.SendClipboardData("pushed"u8);
            await intruder.FlushAsync();
            WaitForAudit("\"action\":\"copy\",\"source\":\"c\",\"target\":null,\"bytes\":6,\"result\":\"unrequested\"");
        }

        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);
        SetClipboard(_a, "to be wiped");
        Copy();
        WaitForAudit("\"result\":\"copied\"");
        Assert.Equal(0, GuivirtCli.Run(_daemon.SocketDirectory, "clipboard", "--clear").ExitCode);
        Assert.Equal("the clipboard is empty\n", GuivirtCli.Run(_daemon.SocketDirectory, "clipboard").Output);
        WaitForAudit("\"result\":\"cleared\"");
    }

    private void Start(string a = "a:blue", string b = "b:red", string? config = null)
    {
        string[] arguments = [];
        if (config is not null)
        {
            string path = Path.Combine(_directory, "config.toml");
            File.WriteAllText(path, config);
            arguments = ["--config", path];
        }

        string[] qubes = config?.Contains("name = \"a\"", StringComparison.Ordinal) == true ? [b, "c:gray"] : [a, b, "c:gray"];
        _daemon = Keep(new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), arguments, qubes));
        Keep(new AgentProcess(_a.Display, _daemon.SocketOf("a")));
        Keep(new AgentProcess(_b.Display, _daemon.SocketOf("b")));
        _appA = Keep(TestAppProcess.Start(_a.Display, "--geometry", "200x150+50+50", "--title", "source"));
        Keep(TestAppProcess.Start(_b.Display, "--geometry", "200x150+400+50", "--title", "target"));
        _screen = new HostScreen(_host.Display);
        _windowA = _screen.WaitForWindow("[a] source").Bounds;
        _windowB = _screen.WaitForWindow("[b] target").Bounds;
    }

    private void Copy() => Hotkey(_windowA, "ctrl+shift+c");

    private void Paste() => Hotkey(_windowB, "ctrl+shift+v");

    /// <summary>What a user does: click into the window (which focuses it) and press the keys.</summary>
    private void Hotkey(XRect window, string keys)
    {
        _screen.ClickToFocus(window.X + 40, window.Y + 40);
        Assert.Equal(0, ToolProcess.Run(_host.Display, "xdotool", "key", keys).ExitCode);
    }

    private void SetClipboard(XvfbServer qube, string text) => SetClipboardBytes(qube, Encoding.UTF8.GetBytes(text));

    private void SetClipboardBytes(XvfbServer qube, byte[] bytes)
    {
        string file = Path.Combine(_directory, $"clip-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, bytes);
        Keep(ToolProcess.Start(qube.Display, "xclip", ["-selection", "clipboard", "-t", "UTF8_STRING", "-i", file]));
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!ToolProcess.Run(qube.Display, "xclip", "-selection", "clipboard", "-o").Output.SequenceEqual(bytes))
        {
            Assert.True(DateTime.UtcNow < deadline, "xclip never served the text");
            Thread.Sleep(50);
        }
    }

    private static string ReadClipboard(XvfbServer qube)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            (int code, byte[] output) = ToolProcess.Run(qube.Display, "xclip", "-selection", "clipboard", "-o");
            if (code == 0 || DateTime.UtcNow > deadline)
            {
                return Encoding.UTF8.GetString(output);
            }

            Thread.Sleep(50);
        }
    }

    private void WaitForAudit(string fragment)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (!_daemon.AuditLines.Any(line => line.Contains(fragment, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no audit line with {fragment}:\n{string.Join('\n', _daemon.AuditLines)}\ndaemon log:\n{_daemon.Log}");
            Thread.Sleep(50);
        }
    }

    private T Keep<T>(T process)
        where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }
}
