using System.Text.RegularExpressions;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// `guivirt run --disposable` against a real daemon and real sandboxes, as a user runs it: what a
/// disposable qube writes is gone with it (nothing on the host's disk, nothing for the next one),
/// two live disposables never share a home, `guivirt ls` shows them as disposable, and they leave
/// `ls` when their command is over, or when their windows have all closed.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class DisposableRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-disposable-test-").FullName;
    private readonly XvfbServer _host = new(1024, 768);
    private readonly DaemonProcess _daemon;

    public DisposableRunTests()
    {
        _daemon = new DaemonProcess(_host.Display, Sockets, new Dictionary<string, string?> { ["XDG_DATA_HOME"] = DataHome }, []);
        _daemon.SocketOf("control");
    }

    private string Sockets => Path.Combine(_directory, "sockets");

    private string DataHome => Path.Combine(_directory, "data");

    public void Dispose()
    {
        _daemon.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AFileWrittenInADisposableIsGoneWithItAndTheNextOneDoesNotSeeIt()
    {
        string secret = "disposable-secret-" + Guid.NewGuid().ToString("N");
        (int code, string output, string errors) = Cli("run", "--disposable", "--wait", "--", "sh", "-c", "echo \"$1\" > /home/user/secret && grep -q \"$1\" /home/user/secret", "sh", secret);
        Assert.True(code == 0, $"{output}{errors}\n{_daemon.Log}");
        Assert.Contains("disp1", output, StringComparison.Ordinal);

        WaitUntilGone("disp1");
        // Its home was a tmpfs in its sandbox: no folder of it on the host, and the secret nowhere
        // in the daemon's data or runtime folders.
        Assert.False(Directory.Exists(Path.Combine(DataHome, "guivirt", "qubes", "disp1")), "a disposable got a folder on the host");
        foreach (string file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, SafeRead(file), StringComparison.Ordinal);
        }

        // The next disposable (the same name again, as disp1 is free) starts with an empty home.
        (code, output, errors) = Cli("run", "--disposable", "--wait", "--", "sh", "-c", "test ! -e /home/user/secret && test -z \"$(ls -A /home/user)\"");
        Assert.True(code == 0, $"the new disposable sees the old one's files or a non-empty home: {output}{errors}\n{_daemon.Log}");
        WaitUntilGone("disp1");
    }

    [Fact]
    public void TwoLiveDisposablesNeverShareAHomeAndLsShowsThemAsDisposable()
    {
        (int code, string output, string errors) = Cli("run", "--disposable", "--label", "orange", "--", "sh", "-c", "echo first > /home/user/mark; exec sleep 300");
        Assert.True(code == 0, $"{output}{errors}\n{_daemon.Log}");
        // Its command still runs (and it has no window): it lives, and `run` reaches it by name.
        Assert.Equal(0, Cli("run", "disp1", "--wait", "--", "test", "-e", "/home/user/mark").ExitCode);
        Assert.Matches(new Regex(@"disp1\s+orange\s+running\s+0\s+disposable\s+.*home \d+ MiB \(tmpfs\)"), Cli("ls").Output);

        (code, output, errors) = Cli("run", "--disposable", "--wait", "--", "sh", "-c", "test ! -e /home/user/mark");
        Assert.True(code == 0, $"the second disposable sees the first one's home: {output}{errors}\n{_daemon.Log}");
        Assert.Contains("disp2", output, StringComparison.Ordinal); // disp1 is alive: its name is not given again

        // A persistent qube cannot take a disposable's name; stopping a disposable destroys it.
        Assert.NotEqual(0, Cli("run", "disp7", "--label", "red", "--", "true").ExitCode);
        Assert.Equal(0, Cli("stop", "disp1").ExitCode);
        Assert.DoesNotContain("disp1", Cli("ls").Output, StringComparison.Ordinal);
        WaitUntilGone("disp2");
    }

    [Fact]
    public void ADisposableEndsWhenItsLastWindowClosesEvenIfItsCommandRuns()
    {
        // The command keeps running after its one window (an xterm that ends by itself) is gone.
        (int code, string output, string errors) = Cli("run", "--disposable", "--", "sh", "-c", "xterm -e sleep 8 & exec sleep 300");
        Assert.True(code == 0, $"{output}{errors}\n{_daemon.Log}");
        WaitFor(() => Regex.IsMatch(Cli("ls").Output, @"disp1\s+red\s+running\s+1\s+disposable"), 60, "the disposable's xterm window never showed");
        WaitUntilGone("disp1");
        Assert.Contains("disposable qube disp1 destroyed", _daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void AMinimizedWindowKeepsItsDisposable()
    {
        // Its xterm is the qube's one window, and the command exits 6 s after it started.
        // Minimized on the host (a window manager unmaps it; the qube then unmaps its window
        // too), the window is still the user's: the qube lives on, and the window comes back.
        (int code, string output, string errors) = Cli("run", "--disposable", "--", "sh", "-c", "xterm -T minime -e sleep 300 & exec sleep 6");
        Assert.True(code == 0, $"{output}{errors}\n{_daemon.Log}");
        using var screen = new HostScreen(_host.Display);
        (XWindow window, _) = screen.WaitForWindow("[disp1] minime", 60);
        ToolProcess.Run(_host.Display, "xdotool", "windowunmap", $"{window.Id}");
        WaitFor(() => Regex.IsMatch(Cli("ls").Output, @"disp1\s+red\s+running\s+0\s+disposable"), 30, "the qube never unmapped its minimized window");

        // An absence check: the command exits meanwhile, and without the window it would end then.
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(6) + DisposableQube.WindowlessGrace + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < end)
        {
            Assert.True(Regex.IsMatch(Cli("ls").Output, @"^disp1\s", RegexOptions.Multiline), $"the disposable ended with its window minimized\n{_daemon.Log}");
            Thread.Sleep(200);
        }

        ToolProcess.Run(_host.Display, "xdotool", "windowmap", $"{window.Id}");
        WaitFor(() => Regex.IsMatch(Cli("ls").Output, @"disp1\s+red\s+running\s+1\s+disposable"), 30, "the restored window never came back");
    }

    private (int ExitCode, string Output, string Errors) Cli(params string[] arguments) => GuivirtCli.Run(Sockets, arguments);

    private void WaitUntilGone(string qube) =>
        WaitFor(() => !Regex.IsMatch(Cli("ls").Output, $@"^{qube}\s", RegexOptions.Multiline), 60, $"{qube} is still in `guivirt ls`");

    private void WaitFor(Func<bool> condition, double seconds, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}\n{Cli("ls").Output}\n{_daemon.Log}");
            Thread.Sleep(100);
        }
    }

    private static string SafeRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // a socket
        }
    }
}
