using GuiVirt.GuiDaemon.Config;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// <c>upscale = 2</c> on real X servers: the TestApp's pattern in the qube's Xvfb appears on the
/// host exactly pixel-doubled (read back from the host's root with XGetImage), the frame 1:1 in
/// the label colour around it; a click on host pixel (2x+1, 2y+1) reaches the app at (x, y); a host
/// resize to an odd size gives the qube half of it, rounded down; and a hostile qube's largest
/// window stays on the host screen.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class UpscaleTests : IDisposable
{
    private const int Frame = 2;
    private static readonly uint Purple = Label.TryParse("purple")!.Color;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-upscale-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _qube = new(640, 400); // half the host's screen, as the daemon starts an upscaled qube
    private readonly DaemonProcess _daemon;
    private readonly List<IDisposable> _processes = [];

    public UpscaleTests()
    {
        string config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, """
            decorations = "frame"
            [[qube]]
            name = "big"
            label = "purple"
            upscale = 2
            [[qube]]
            name = "evil"
            label = "red"
            upscale = 2
            """);
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), new List<string> { "--config", config });
    }

    public void Dispose()
    {
        foreach (IDisposable process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }

        _daemon.Dispose();
        _qube.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void EachQubePixelIsATwoByTwoBlockOnTheHostInsideAOneToOneFrame()
    {
        Start(new AgentProcess(_qube.Display, _daemon.SocketOf("big")));
        Start(TestAppProcess.Start(_qube.Display, "--geometry", "150x100+40+30", "--seed", "7", "--title", "doubled"));
        using var screen = new HostScreen(_host.Display);
        (_, XRect bounds) = WaitForWindow(screen, "[big] doubled");
        Assert.Equal(new XRect((2 * 40) - Frame, (2 * 30) - Frame, (2 * 150) + (2 * Frame), (2 * 100) + (2 * Frame)), bounds);

        var expected = new uint[300 * 200];
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 300; x++)
            {
                expected[(y * 300) + x] = Pattern.Pixel(7, 0, x / 2, y / 2); // host pixel (x, y) shows qube pixel (x/2, y/2)
            }
        }

        WaitUntil(() => screen.Screenshot(new XRect(bounds.X + Frame, bounds.Y + Frame, 300, 200)).SequenceEqual(expected), "the qube's pixels doubled on the host", screen);
        AssertFrame(screen.Screenshot(bounds), bounds.Width, bounds.Height, Purple);
    }

    [Fact]
    public void AnUpscaledQubesTranslucentWindowIsShownOpaqueAndDoubled()
    {
        // The scaler's pixmap has no alpha: CREATE_ARGB in an upscaled qube gets an ordinary host
        // window, its colours doubled and its alpha ignored (docs/security.md section 24).
        Start(new AgentProcess(_qube.Display, _daemon.SocketOf("big")));
        Start(TestAppProcess.Start(_qube.Display, "--argb", "--geometry", "150x100+40+30", "--seed", "9", "--title", "glass"));
        using var screen = new HostScreen(_host.Display);
        (XWindow window, XRect bounds) = WaitForWindow(screen, "[big] glass");
        _daemon.WaitForLog("translucent windows of an upscaled qube are shown opaque");
        Assert.Equal(24, screen.Geometry(window).Depth);

        var expected = new uint[300 * 200];
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 300; x++)
            {
                expected[(y * 300) + x] = ArgbPattern.Pixel(9, 0, x / 2, y / 2) & 0x00FFFFFF;
            }
        }

        WaitUntil(() => screen.Screenshot(new XRect(bounds.X + Frame, bounds.Y + Frame, 300, 200)).SequenceEqual(expected), "the translucent window's colours doubled and opaque", screen);
        AssertFrame(screen.Screenshot(bounds), bounds.Width, bounds.Height, Purple);
    }

    [Theory]
    [InlineData(25, 17)]
    [InlineData(0, 0)]
    [InlineData(149, 99)]
    public void AClickOnHostPixelTwoXPlusOneArrivesAtXInTheQube(int x, int y)
    {
        Start(new AgentProcess(_qube.Display, _daemon.SocketOf("big")));
        TestAppProcess app = Start(TestAppProcess.Start(_qube.Display, "--geometry", "150x100+40+30", "--title", "clicks"));
        using var screen = new HostScreen(_host.Display);
        (_, XRect bounds) = WaitForWindow(screen, "[big] clicks");
        screen.WaitForPixel(bounds.X, bounds.Y, Purple);

        screen.ClickToFocus(bounds.X + Frame + (2 * x) + 1, bounds.Y + Frame + (2 * y) + 1);
        app.WaitForLine(line => line.StartsWith("button press", StringComparison.Ordinal) && line.EndsWith($" x={x} y={y}", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        // The even pixel of the same block is the same qube pixel.
        screen.ClickToFocus(bounds.X + Frame + (2 * x), bounds.Y + Frame + (2 * y));
        app.WaitForLine(line => line.StartsWith("button release", StringComparison.Ordinal) && line.EndsWith($" x={x} y={y}", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData(201, 151, 100, 75)] // odd: the last host column and row belong to no qube pixel
    [InlineData(200, 150, 100, 75)]
    public void AHostResizeGivesTheQubeHalfOfTheInteriorRoundedDown(int interiorWidth, int interiorHeight, int qubeWidth, int qubeHeight)
    {
        Start(new AgentProcess(_qube.Display, _daemon.SocketOf("big")));
        TestAppProcess app = Start(TestAppProcess.Start(_qube.Display, "--geometry", "150x100+40+30", "--title", "resized"));
        using var screen = new HostScreen(_host.Display);
        (XWindow window, _) = WaitForWindow(screen, "[big] resized");
        (int code, byte[] output) = ToolProcess.Run(_host.Display, "xdotool", "windowsize", $"{window.Id}", $"{interiorWidth + (2 * Frame)}", $"{interiorHeight + (2 * Frame)}");
        Assert.True(code == 0, System.Text.Encoding.UTF8.GetString(output));

        using var qube = new HostScreen(_qube.Display);
        WaitUntil(() => qube.Geometry(new XWindow(app.Window)).Bounds is { } b && b.Width == qubeWidth && b.Height == qubeHeight, $"the qube's window to become {qubeWidth}x{qubeHeight}", screen);
    }

    [Fact]
    public async Task AHostileQubesLargestWindowStaysOnTheHostScreen()
    {
        using ScriptedAgent evil = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("evil"));
        var window = new WindowId(0x100);
        evil.Channel.Send(window, new Create(-Limits.MaxCoordinate, Limits.MaxCoordinate, Limits.MaxWindowWidth, Limits.MaxWindowHeight, false));
        evil.Channel.Send(window, new WindowName("huge"));
        evil.Channel.Send(window, new MapInfo(WindowId.None, false));
        evil.Channel.Send(window, new Configure(Limits.MaxCoordinate, -Limits.MaxCoordinate, Limits.MaxWindowWidth, Limits.MaxWindowHeight, false));
        await evil.PingAsync(_daemon.Log);

        using var screen = new HostScreen(_host.Display);
        (_, XRect bounds) = WaitForWindow(screen, "[evil] huge");
        // Doubled it would be 32768 + the frame each way, far off the screen: it is kept on it.
        Assert.True(bounds.X >= 0 && bounds.Y >= 0 && bounds.X + bounds.Width <= 1280 && bounds.Y + bounds.Height <= 800, $"{bounds}");
        Assert.False(await evil.IsDisconnectedAsync(1)); // a large window is no violation
        Assert.False(_daemon.HasExited);
    }

    private (XWindow Window, XRect Bounds) WaitForWindow(HostScreen screen, string title)
    {
        try
        {
            return screen.WaitForWindow(title);
        }
        catch (TimeoutException e)
        {
            string agents = string.Join("\n", _processes.OfType<AgentProcess>().Select(a => a.Log));
            throw new TimeoutException($"{e.Message}\ndaemon log:\n{_daemon.Log}\nagent logs:\n{agents}", e);
        }
    }

    private T Start<T>(T process)
        where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>Every pixel of the frame's four sides is exactly the label colour: drawn 1:1, never scaled.</summary>
    private static void AssertFrame(uint[] pixels, int width, int height, uint color)
    {
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool onFrame = x < Frame || y < Frame || x >= width - Frame || y >= height - Frame;
                if (onFrame)
                {
                    Assert.True(pixels[(y * width) + x] == color, $"frame pixel ({x},{y}) is {pixels[(y * width) + x]:x6}, not {color:x6}");
                }
            }
        }
    }

    private void WaitUntil(Func<bool> condition, string what, HostScreen screen)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\ndaemon log:\n{_daemon.Log}");
            Thread.Sleep(50);
        }
    }
}
