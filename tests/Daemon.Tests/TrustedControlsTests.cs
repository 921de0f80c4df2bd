using GuiVirt.Daemon.Tests.Hostile;
using GuiVirt.Protocol;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// The screen-cover rule and the trusted controls, on a real host Xvfb with the real daemon and
/// two qubes (real agents and TestApps in their own Xvfbs): override-redirect tiles counted as
/// one union, the escape hotkey, the X-ray view, and notices over a qube that raises itself.
/// Hotkeys are pressed on the host with xdotool, as a user presses them.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class TrustedControlsTests : IDisposable
{
    private const uint Green = 0x73D216, Blue = 0x3465A4;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-trusted-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _work = new(1280, 800);
    private readonly XvfbServer _other = new(1280, 800);
    private readonly DaemonProcess _daemon;
    private readonly AgentProcess _workAgent, _otherAgent;
    private readonly HostScreen _screen;
    private readonly List<IDisposable> _apps = [];

    public TrustedControlsTests()
    {
        // The raising qube at 2,000 messages a second (1,000 raises): the default 50,000 keeps the
        // host X server so busy that the test's own requests wait seconds, and nothing is measured.
        string config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, "[[qube]]\nname = \"spam\"\nlabel = \"red\"\nmessages_per_second = 2000\n");
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), ["--config", config], "work:green", "other:blue");
        _workAgent = new AgentProcess(_work.Display, _daemon.SocketOf("work"));
        _otherAgent = new AgentProcess(_other.Display, _daemon.SocketOf("other"));
        _screen = new HostScreen(_host.Display);
    }

    public void Dispose()
    {
        _apps.ForEach(app => app.Dispose());
        _screen.Dispose();
        _workAgent.Dispose();
        _otherAgent.Dispose();
        _daemon.Dispose();
        _other.Dispose();
        _work.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void FourQuarterTilesCannotCoverTheScreenUnmanaged()
    {
        // Each tile is a quarter of the screen, far under the 90% a single window may cover; the
        // four together would be an unmanaged fake desktop. The one that completes it is managed.
        string[] titles = ["tile 1", "tile 2", "tile 3", "tile 4"];
        (int X, int Y)[] places = [(0, 0), (640, 0), (0, 400), (640, 400)];
        for (int i = 0; i < 4; i++)
        {
            Start(_work, "--override-redirect", "--geometry", $"640x400+{places[i].X}+{places[i].Y}", "--title", titles[i]);
        }

        XWindow[] tiles = [.. titles.Select(t => _screen.WaitForWindow("[work] " + t).Window)];
        bool[] unmanaged = [.. tiles.Select(t => _screen.Geometry(t).OverrideRedirect)];
        Assert.True(unmanaged.Count(u => u) == 3, $"override-redirect: {string.Join(", ", unmanaged)}\n{_daemon.Log}");
        _daemon.WaitForLog("qube work: an override-redirect window is managed: the qube's unmanaged windows would cover most of a monitor");
    }

    [Fact]
    public void OverlappingTilesAreCountedOnce()
    {
        // Four tiles of 640x800, 100 pixels apart: together 200% of the screen by their sizes, but
        // they cover only 940x800 of it (73%): all four stay unmanaged.
        for (int i = 0; i < 4; i++)
        {
            Start(_work, "--override-redirect", "--geometry", $"640x800+{i * 100}+0", "--title", $"overlap {i}");
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.True(_screen.Geometry(_screen.WaitForWindow($"[work] overlap {i}").Window).OverrideRedirect, $"overlap {i} was managed\n{_daemon.Log}");
        }
    }

    [Fact]
    public void TheEscapeHotkeyUnmapsTheOverrideRedirectWindowsOfTheQubeUnderThePointerOnly()
    {
        Start(_work, "--override-redirect", "--geometry", "200x100+100+100", "--title", "menu a");
        Start(_work, "--override-redirect", "--geometry", "200x100+400+100", "--title", "menu b");
        Start(_work, "--geometry", "200x100+100+500", "--title", "normal");
        Start(_other, "--override-redirect", "--geometry", "200x100+800+500", "--title", "other menu");
        XRect menu = _screen.WaitForWindow("[work] menu a").Bounds;
        _screen.WaitForWindow("[work] menu b");
        _screen.WaitForWindow("[work] normal");
        XWindow otherMenu = _screen.WaitForWindow("[other] other menu").Window;

        OnHost("xdotool", "mousemove", $"{menu.X + 50}", $"{menu.Y + 50}");
        OnHost("xdotool", "key", "ctrl+alt+shift+k");
        _screen.WaitUntilGone("[work] menu a");
        _screen.WaitUntilGone("[work] menu b");
        _daemon.WaitForLog("escape hotkey: 2 override-redirect windows of qube work unmapped");
        Assert.True(_screen.HasWindow("[work] normal")); // only the unmanaged ones
        Assert.True(_screen.HasWindow("[other] other menu")); // and only that qube's
        Assert.True(_screen.Geometry(otherMenu).OverrideRedirect);

        // From now on the qube's windows are all managed and framed.
        Start(_work, "--override-redirect", "--geometry", "100x50+600+300", "--title", "again");
        Assert.False(_screen.Geometry(_screen.WaitForWindow("[work] again").Window).OverrideRedirect);
    }

    [Fact]
    public void XRayShowsEachQubeWindowInItsLabelColourWhileTheKeyIsHeld()
    {
        Start(_work, "--geometry", "300x200+100+100", "--seed", "3", "--title", "work app");
        Start(_other, "--geometry", "300x200+600+300", "--seed", "5", "--title", "other app");
        _screen.WaitForWindow("[work] work app");
        _screen.WaitForWindow("[other] other app");
        var workArea = new XRect(100, 100, 300, 200);
        WaitForPattern(workArea, 3);
        WaitForPattern(new XRect(600, 300, 300, 200), 5);

        try
        {
            OnHost("xdotool", "keydown", "ctrl+alt+shift+x");
            WaitForPixel(250, 250, Green); // the middle of work's window: its label colour
            WaitForPixel(750, 450, Blue);
            // The qube's name is drawn on it, in the top-left corner (ink that is not the label colour).
            uint[] tag = _screen.Screenshot(new XRect(100, 100, 200, 30));
            Assert.Contains(tag, pixel => pixel != Green);
            Assert.All(_screen.Screenshot(new XRect(150, 150, 200, 100)), pixel => Assert.Equal(Green, pixel)); // the app is hidden
        }
        finally
        {
            OnHost("xdotool", "keyup", "ctrl+alt+shift+x");
        }

        WaitForPattern(workArea, 3); // released: the app's pixels again
        Assert.False(_screen.HasWindow("GuiVirt X-ray work"));
        _daemon.WaitForLog("X-ray off");
    }

    [Fact]
    public async Task ANoticeStaysAboveAQubeWindowThatRaisesItselfInALoop()
    {
        Start(_work, "--geometry", "200x100+100+100", "--title", "target");
        XRect target = _screen.WaitForWindow("[work] target").Bounds;
        using Attacker spam = await Attacker.ConnectAsync(_daemon.SocketOf("spam"));
        spam.Send(Wire.Shown(0x100, "raiser", 900, 0, 380, 200)); // where the notice is shown, top right
        _screen.WaitForWindow("[spam] raiser");

        // A paste with nothing copied: the daemon's notice says so, for four seconds.
        _screen.ClickToFocus(target.X + 50, target.Y + 50); // the paste hotkey works only in the window the user focused
        OnHost("xdotool", "key", "ctrl+shift+v");
        XWindow notice = FindWindow("GuiVirt");
        using var stop = new CancellationTokenSource();
        Task raising = Attacker.OnOwnThread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested && !spam.CutOff)
                {
                    spam.Send([.. Wire.Empty(MessageType.Unmap, 0x100), .. Wire.Map(0x100)]); // each MAP raises the window
                }
            }
            catch (ObjectDisposedException)
            {
                // The test closed the socket under a blocked send: the loop is over.
            }
        });
        try
        {
            // Sampled as long as the notice is shown (four seconds from the key; the time up to
            // here is the machine's): no qube window may ever be above it.
            int samples = 0;
            DateTime start = DateTime.UtcNow, end = start.AddSeconds(3);
            while (DateTime.UtcNow < end && _screen.Display.TryGetGeometry(notice) is { Viewable: true })
            {
                IReadOnlyList<XWindow> stack = _screen.Display.Children(_screen.Display.Root); // bottom to top
                int noticeAt = stack.ToList().IndexOf(notice);
                XWindow[] qubeWindowsAbove = [.. stack.Skip(noticeAt + 1).Where(w => _screen.Text(w, "_QUBES_VMNAME") is not null && _screen.Display.TryGetGeometry(w) is { Viewable: true })];
                bool stillShown = _screen.Display.TryGetGeometry(notice) is { Viewable: true }; // hidden in between: its time was up, no more a check
                Assert.True(!stillShown || (noticeAt >= 0 && qubeWindowsAbove.Length == 0), $"sample {samples}: a qube window is over the notice ({string.Join(", ", qubeWindowsAbove.Select(w => _screen.Text(w, "_NET_WM_NAME")))}; notice at {noticeAt} of {stack.Count})\n{_daemon.Log[^Math.Min(3000, _daemon.Log.Length)..]}");
                samples++;
            }

            Assert.True(samples > 100 && DateTime.UtcNow - start > TimeSpan.FromSeconds(1), $"only {samples} samples in {(DateTime.UtcNow - start).TotalSeconds:F1} s while the notice was shown");
            Assert.True(spam.DestroyAcks == 0 && !spam.CutOff); // the qube was served (and raising) all along
        }
        finally
        {
            stop.Cancel();
            spam.Dispose(); // a send blocked on a full socket ends with the socket
            await raising.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private XWindow FindWindow(string title)
    {
        try
        {
            return _screen.WaitForWindow(title).Window;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; mapped: {string.Join(" | ", _screen.MappedTitles())}\n{_daemon.Log}", e);
        }
    }

    private void WaitForPixel(int x, int y, uint color)
    {
        try
        {
            _screen.WaitForPixel(x, y, color);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; mapped: {string.Join(" | ", _screen.MappedTitles())}\n{_daemon.Log}", e);
        }
    }

    private void Start(XvfbServer qube, params string[] arguments) => _apps.Add(TestAppProcess.Start(qube.Display, arguments));

    private void OnHost(string tool, params string[] arguments) =>
        Assert.Equal(0, ToolProcess.Run(_host.Display, tool, arguments).ExitCode);

    private void WaitForPattern(XRect area, int seed)
    {
        var expected = new uint[area.Width * area.Height];
        Pattern.Fill(expected, area.Width, area.Height, seed, 0);
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_screen.Screenshot(area).SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"seed {seed} never at {area} on the host\n{_daemon.Log}");
            Thread.Sleep(50);
        }
    }
}
