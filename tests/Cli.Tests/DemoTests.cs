using GuiVirt.TestSupport;
using SkiaSharp;

namespace GuiVirt.Cli.Tests;

/// <summary>The main job and the qube life cycle, as a user runs them: `guivirt demo`, `run`, `ls`, `stop`.</summary>
public sealed class DemoTests : IDisposable
{
    private static readonly SKColor Blue = new(0x34, 0x65, 0xA4), Red = new(0xCC, 0x00, 0x00);

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-demo-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheDemoWritesAScreenshotWithABlueAndARedQube()
    {
        (int code, string output, string errors) = GuivirtCli.RunIn(Path.Combine(_directory, "unused"), _directory, "demo");
        Assert.True(code == 0, $"demo failed ({code}):\n{output}\n{errors}");
        Assert.Contains("started qube work", output, StringComparison.Ordinal);
        Assert.Contains("started qube personal", output, StringComparison.Ordinal);
        Assert.Contains("clipboard: copied \"Hello from the work qube\" in work with Ctrl+Shift+C, pasted into personal", output, StringComparison.Ordinal);

        using SKBitmap png = SKBitmap.Decode(Path.Combine(_directory, "demo.png"));
        Assert.Equal((1920, 1080), (png.Width, png.Height));
        // Each app asked for its place; the frame's corner is 2 pixels up and left of it.
        Assert.Equal(Blue, png.GetPixel(58, 58));   // work: xterm at +60+60
        Assert.Equal(Blue, png.GetPixel(698, 58));  // work: xclock at +700+60
        Assert.Equal(Red, png.GetPixel(58, 518));   // personal: xterm at +60+520
        Assert.Equal(Red, png.GetPixel(698, 518));  // personal: xlogo at +700+520
    }

    [Fact]
    public void ASecondRunReusesTheQubeAndStopRemovesItsWindows()
    {
        using var host = new XvfbServer(1280, 800);
        string sockets = Path.Combine(_directory, "sockets");
        using var daemon = new DaemonProcess(host.Display, sockets); // no qube configured: the README's first steps
        daemon.SocketOf("control"); // the control socket, once it listens
        daemon.WaitForLog("no qube configured yet");

        (int code, string output, string errors) = GuivirtCli.Run(sockets, "run", "fresh", "--label", "green", "--", "xlogo", "-geometry", "100x100+10+10");
        Assert.True(code == 0, errors);
        Assert.Contains("started qube fresh", output, StringComparison.Ordinal);
        (code, output, errors) = GuivirtCli.Run(sockets, "run", "fresh", "--", "xlogo", "-geometry", "100x100+200+10");
        Assert.True(code == 0, errors);
        Assert.Contains("running xlogo in qube fresh", output, StringComparison.Ordinal); // reused, not started again

        using var screen = new HostScreen(host.Display);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!GuivirtCli.Run(sockets, "ls").Output.Contains("running    2", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, GuivirtCli.Run(sockets, "ls").Output + daemon.Log);
            Thread.Sleep(200);
        }

        Assert.Equal(1, GuivirtCli.Run(sockets, "run", "fresh", "--label", "red", "--", "xlogo").ExitCode); // labels do not change
        Assert.Equal(1, GuivirtCli.Run(sockets, "run", "unknown", "--", "xlogo").ExitCode); // a new qube needs a label

        Assert.Equal(0, GuivirtCli.Run(sockets, "stop", "fresh").ExitCode);
        Assert.False(screen.HasWindow("[fresh] xlogo"));
        Assert.Matches(@"fresh\s+green\s+stopped\s+0", GuivirtCli.Run(sockets, "ls").Output);
    }
}
