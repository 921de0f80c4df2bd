using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// The whole path on real X servers: a TestApp in a qube's Xvfb, the real agent, the real daemon,
/// and the host Xvfb's screen as a person would see it.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonEndToEndTests : IDisposable
{
    private const uint Blue = 0x3465A4, Red = 0xCC0000;
    private const int Frame = 2;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-daemon-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _work = new(1280, 800);
    private readonly XvfbServer _personal = new(1280, 800);
    private readonly DaemonProcess _daemon;
    private readonly List<IDisposable> _processes = [];

    public DaemonEndToEndTests()
    {
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "work:blue", "personal:red");
    }

    public void Dispose()
    {
        foreach (IDisposable process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }

        _daemon.Dispose();
        _personal.Dispose();
        _work.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void TheHostShowsTheQubeWindowExactlyInsideAFrameOfItsLabelColour()
    {
        StartAgent(_work, "work");
        Start(TestAppProcess.Start(_work.Display, "--geometry", "300x200+100+120", "--seed", "42", "--title", "hello"));
        using var screen = new HostScreen(_host.Display);
        (XWindow window, XRect bounds) = WaitForWindow(screen, "[work] hello");
        Assert.Equal(new XRect(100 - Frame, 120 - Frame, 300 + (2 * Frame), 200 + (2 * Frame)), bounds);

        var expected = new uint[300 * 200];
        Pattern.Fill(expected, 300, 200, 42, 0);
        WaitUntil(() => screen.Screenshot(new XRect(100, 120, 300, 200)).SequenceEqual(expected), "the qube's pixels on the host screen", screen, bounds);
        AssertFrame(screen.Screenshot(bounds), bounds.Width, bounds.Height, Blue);

        Assert.Equal("work:GuiVirtTestApp\0work:GuiVirtTestApp\0", screen.Text(window, "WM_CLASS")); // instance, class
        Assert.Equal("work", screen.Text(window, "_QUBES_VMNAME"));
        Assert.Equal([(long)Blue], screen.Longs(window, "_QUBES_LABEL_COLOR"));
    }

    [Fact]
    public void KeysTypedOnTheHostWindowReachTheAppInTheQube()
    {
        StartAgent(_work, "work");
        TestAppProcess app = Start(TestAppProcess.Start(_work.Display, "--geometry", "200x150+50+50", "--title", "typing"));
        using var screen = new HostScreen(_host.Display);
        (_, XRect bounds) = WaitForWindow(screen, "[work] typing");

        // No window manager on the host: the daemon focuses the window the user clicks.
        screen.ClickToFocus(bounds.X + 60, bounds.Y + 40);
        Assert.Equal(0, ToolProcess.Run(_host.Display, "xdotool", "key", "a").ExitCode);
        app.WaitForLine(line => line.StartsWith("key press keycode=38", StringComparison.Ordinal) && line.Contains("text=a", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        app.WaitForLine(line => line.StartsWith("motion", StringComparison.Ordinal) && line.Contains("x=58 y=38", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void AKilledAgentsWindowsLeaveWhileAnotherQubeGoesOn()
    {
        AgentProcess work = StartAgent(_work, "work");
        StartAgent(_personal, "personal");
        Start(TestAppProcess.Start(_work.Display, "--geometry", "200x100+10+10", "--title", "doomed"));
        Start(TestAppProcess.Start(_personal.Display, "--geometry", "160x120+400+300", "--title", "clock", "--fps", "10"));
        using var screen = new HostScreen(_host.Display);
        WaitForWindow(screen, "[work] doomed");
        (_, XRect clock) = WaitForWindow(screen, "[personal] clock");
        screen.WaitForPixel(clock.X, clock.Y, Red); // drawn once the daemon has the first grant
        AssertFrame(screen.Screenshot(clock), clock.Width, clock.Height, Red);

        work.Dispose(); // the agent is killed
        WaitUntil(() => !screen.HasWindow("[work] doomed"), "the dead qube's window to leave", screen, clock);
        Assert.False(_daemon.HasExited);

        // The other qube keeps updating: its animated picture changes on the host screen.
        uint[] before = screen.Screenshot(new XRect(clock.X + Frame, clock.Y + Frame, 160, 120));
        WaitUntil(() => !screen.Screenshot(new XRect(clock.X + Frame, clock.Y + Frame, 160, 120)).SequenceEqual(before), "the other qube to keep drawing", screen, clock);
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

    private AgentProcess StartAgent(XvfbServer qube, string name)
    {
        var agent = new AgentProcess(qube.Display, _daemon.SocketOf(name));
        _processes.Add(agent);
        return agent;
    }

    private T Start<T>(T process)
        where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>Every pixel of the frame's four sides is exactly the label colour.</summary>
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

    private void WaitUntil(Func<bool> condition, string what, HostScreen screen, XRect bounds)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\ndaemon log:\n{_daemon.Log}");
            Thread.Sleep(50);
        }
    }
}
