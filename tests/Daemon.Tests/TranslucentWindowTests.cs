using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Translucent (ARGB) windows, docs/security.md section 23: a qube window with the 32-bit visual
/// is shown in a 32-bit host window whose every content pixel is the qube's pixel OVER the label
/// colour at the opacity floor (checked pixel by pixel against Render's integer rules), in an
/// opaque frame; under a compositing manager (xcompmgr) the desktop shows through, never whole.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class TranslucentWindowTests : IDisposable
{
    private const int Frame = 2;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-argb-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _qube = new(1280, 800);
    private readonly List<IDisposable> _processes = [];
    private DaemonProcess? _daemon;
    private AgentProcess? _agent;

    public void Dispose()
    {
        _processes.ForEach(process => process.Dispose());
        _agent?.Dispose();
        _daemon?.Dispose();
        _qube.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AnArgbWindowIsItsPixelsOverTheLabelAtTheDefaultFloor()
    {
        StartDaemon(config: null);
        Start(_qube.Display, "--argb", "--geometry", "200x100+50+60", "--seed", "3", "--title", "glass");
        using var screen = new HostScreen(_host.Display);
        (XWindow window, XRect bounds) = screen.WaitForWindow("[work] glass");
        Assert.Equal(32, screen.Geometry(window).Depth);
        uint label = (uint)screen.Longs(window, "_QUBES_LABEL_COLOR")[0];

        // 0.25 of 255 rounded up: 64, so every content pixel has at least 0.25 opacity.
        CheckWindow(screen, window, bounds, label, floorAlpha: 64, seed: 3);
    }

    [Fact]
    public void UnderAReparentingWindowManagerTheWindowIsStillFlooredAndFramed()
    {
        // openbox puts the 32-bit window into its own (24-bit) frame: the daemon's pixels inside are unchanged.
        _processes.Add(new WindowManagerProcess(_host.Display, "openbox"));
        StartDaemon(config: null);
        Start(_qube.Display, "--argb", "--geometry", "200x100+50+60", "--seed", "3", "--title", "glass");
        using var screen = new HostScreen(_host.Display);
        (XWindow window, _) = screen.WaitForWindow("[work] glass");
        Assert.Equal(32, screen.Geometry(window).Depth);
        WaitFor(() => screen.Geometry(window).Bounds.Width == 204, () => "the window at its size under openbox");
        XRect bounds = screen.Geometry(window).Bounds;
        uint label = (uint)screen.Longs(window, "_QUBES_LABEL_COLOR")[0];
        CheckWindow(screen, window, bounds, label, floorAlpha: 64, seed: 3);
    }

    [Fact]
    public void TheFloorIsTheConfiguredMinOpacity()
    {
        string config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, "min_opacity = 0.6\n");
        StartDaemon(config);
        Start(_qube.Display, "--argb", "--geometry", "120x90+300+200", "--seed", "11", "--title", "frosted");
        using var screen = new HostScreen(_host.Display);
        (XWindow window, XRect bounds) = screen.WaitForWindow("[work] frosted");
        uint label = (uint)screen.Longs(window, "_QUBES_LABEL_COLOR")[0];
        CheckWindow(screen, window, bounds, label, floorAlpha: 153, seed: 11); // ceil(0.6 x 255)
    }

    [Fact]
    public void AnOpaqueWindowStaysOpaqueWhateverItsFourthByte()
    {
        // The pattern app draws 0x00RRGGBB: its fourth byte, alpha in an ARGB window, is 0 everywhere.
        StartDaemon(config: null);
        Start(_qube.Display, "--geometry", "160x100+50+60", "--seed", "8", "--title", "solid");
        using var screen = new HostScreen(_host.Display);
        (XWindow window, _) = screen.WaitForWindow("[work] solid");
        Assert.Equal(24, screen.Geometry(window).Depth); // no alpha channel on the host at all
        var expected = new uint[160 * 100];
        Pattern.Fill(expected, 160, 100, 8, 0);
        WaitFor(() => screen.Screenshot(new XRect(50, 60, 160, 100)).SequenceEqual(expected), () => "the opaque pattern on the host");
    }

    [Fact]
    public void UnderACompositingManagerTheDesktopShowsThroughButNeverWhole()
    {
        StartDaemon(config: null);
        // The "desktop": a window on the host itself with the known opaque pattern (seed 5), below the qube's.
        TestAppProcess desktop = Start(_host.Display, "--geometry", "400x300+0+0", "--seed", "5", "--title", "desktop");
        using var screen = new HostScreen(_host.Display);
        screen.WaitForWindow("desktop");
        Start(_qube.Display, "--argb", "--geometry", "200x100+50+60", "--seed", "3", "--title", "glass");
        (XWindow window, XRect bounds) = screen.WaitForWindow("[work] glass");
        uint label = (uint)screen.Longs(window, "_QUBES_LABEL_COLOR")[0];
        CheckWindow(screen, window, bounds, label, floorAlpha: 64, seed: 3);
        Assert.NotEqual(0u, desktop.Window);

        _processes.Add(ToolProcess.Start(_host.Display, "xcompmgr", []));
        XRect content = new(bounds.X + Frame, bounds.Y + Frame, 200, 100);
        string last = "";
        WaitFor(
            () =>
            {
                uint[] shown = screen.Screenshot(content);
                int wrong = 0, throughDesktop = 0;
                for (int y = 0; y < content.Height; y++)
                {
                    for (int x = 0; x < content.Width; x++)
                    {
                        uint window = Over(ArgbPattern.Pixel(3, 0, x, y), Backdrop(label, 64));
                        uint under = 0xFF00_0000 | Pattern.Pixel(5, 0, content.X + x, content.Y + y);
                        uint expected = Over(window, under) & 0xFF_FFFF;
                        wrong += Near(shown[(y * content.Width) + x], expected, 2) ? 0 : 1;
                        throughDesktop += (window >> 24) < 255 ? 1 : 0;
                    }
                }

                last = $"{wrong} of {shown.Length} pixels are not the window over the desktop";
                return wrong == 0 && throughDesktop > 0;
            },
            () => "the desktop through the window: " + last);

        // Never whole: a fully transparent qube pixel still carries the label at the floor.
        (int tx, int ty) = Enumerable.Range(0, content.Height).SelectMany(y => Enumerable.Range(0, content.Width).Select(x => (x, y)))
            .First(p => (ArgbPattern.Pixel(3, 0, p.x, p.y) >> 24) == 0);

        uint desktopPixel = Pattern.Pixel(5, 0, content.X + tx, content.Y + ty);
        Assert.NotEqual(desktopPixel, screen.Screenshot(new XRect(content.X + tx, content.Y + ty, 1, 1))[0]);

        // The frame stays the label's colour, opaque, on the composited screen too.
        Assert.Equal(label, screen.Screenshot(new XRect(bounds.X, bounds.Y, 1, 1))[0]);
    }

    /// <summary>
    /// Reads the host window itself (XGetImage of the 32-bit window keeps its alpha) until every
    /// content pixel is the qube's pixel OVER the backdrop (±1 a channel for rounding) with at
    /// least the floor's alpha, and every frame pixel is the label, opaque.
    /// </summary>
    private void CheckWindow(HostScreen screen, XWindow window, XRect bounds, uint label, uint floorAlpha, int seed)
    {
        uint backdrop = Backdrop(label, floorAlpha);
        string problem = "";
        WaitFor(
            () =>
            {
                byte[]? bytes = screen.Display.TryGetImage(window, new XRect(0, 0, bounds.Width, bounds.Height));
                if (bytes is null)
                {
                    problem = "the window could not be read";
                    return false;
                }

                int wrong = 0, belowFloor = 0, frameWrong = 0;
                uint firstWrong = 0, firstExpected = 0;
                for (int y = 0; y < bounds.Height; y++)
                {
                    for (int x = 0; x < bounds.Width; x++)
                    {
                        uint pixel = BitConverter.ToUInt32(bytes, ((y * bounds.Width) + x) * 4);
                        bool inFrame = x < Frame || y < Frame || x >= bounds.Width - Frame || y >= bounds.Height - Frame;
                        if (inFrame)
                        {
                            frameWrong += pixel == (0xFF00_0000 | label) ? 0 : 1;
                            continue;
                        }

                        uint expected = Over(ArgbPattern.Pixel(seed, 0, x - Frame, y - Frame), backdrop);
                        belowFloor += (pixel >> 24) >= floorAlpha ? 0 : 1;
                        if (!Near(pixel, expected, 1))
                        {
                            (firstWrong, firstExpected) = wrong == 0 ? (pixel, expected) : (firstWrong, firstExpected);
                            wrong++;
                        }
                    }
                }

                problem = $"{wrong} content pixels differ from qube OVER backdrop (first {firstWrong:x8}, expected {firstExpected:x8}), {belowFloor} below the floor {floorAlpha}, {frameWrong} frame pixels not opaque #{label:x6}";
                return wrong == 0 && belowFloor == 0 && frameWrong == 0;
            },
            () => "the translucent window as composited: " + problem);
    }

    /// <summary>The label at <paramref name="alpha"/>, premultiplied with rounding, as the daemon computes it (docs/security.md section 23).</summary>
    internal static uint Backdrop(uint label, uint alpha)
    {
        uint Channel(int shift) => ((((label >> shift) & 0xFF) * alpha) + 127) / 255;
        return (alpha << 24) | (Channel(16) << 16) | (Channel(8) << 8) | Channel(0);
    }

    /// <summary>Render's OVER on premultiplied 8-bit pixels: s + d x (255 - s.alpha) / 255 (rounded as pixman does), saturated.</summary>
    internal static uint Over(uint source, uint destination)
    {
        uint inverse = 255 - (source >> 24);
        uint result = 0;
        for (int shift = 0; shift < 32; shift += 8)
        {
            uint t = (((destination >> shift) & 0xFF) * inverse) + 0x80;
            uint channel = Math.Min(255, ((source >> shift) & 0xFF) + (((t >> 8) + t) >> 8));
            result |= channel << shift;
        }

        return result;
    }

    private static bool Near(uint actual, uint expected, int tolerance)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            if (Math.Abs((int)((actual >> shift) & 0xFF) - (int)((expected >> shift) & 0xFF)) > tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private void StartDaemon(string? config)
    {
        string sockets = Path.Combine(_directory, "sockets");
        _daemon = config is null
            ? new DaemonProcess(_host.Display, sockets, "work:green")
            : new DaemonProcess(_host.Display, sockets, ["--config", config], "work:green");
        _agent = new AgentProcess(_qube.Display, _daemon.SocketOf("work"));
    }

    private TestAppProcess Start(string display, params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(display, arguments);
        _processes.Add(app);
        return app;
    }

    private void WaitFor(Func<bool> condition, Func<string> what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}\ndaemon log:\n{_daemon?.Log}\nagent log:\n{_agent?.Log}");
            Thread.Sleep(100);
        }
    }
}
