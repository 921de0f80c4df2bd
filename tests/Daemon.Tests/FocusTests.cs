using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Keyboard focus moves between qubes only by the user's action (docs/security.md, "Keyboard
/// focus"): a real host Xvfb, with and without openbox, the real daemon, real agents and TestApps
/// in two qubes' own Xvfbs. The user types in qube a while qube b maps a new window; the keys stay
/// with a, and a key held in a is released there when a click moves the focus to b.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class FocusTests : IDisposable
{
    private const string KeycodeOfA = "keycode=38";

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-focus-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _a = new(1280, 800);
    private readonly XvfbServer _b = new(1280, 800);
    private readonly List<IDisposable> _processes = [];
    private DaemonProcess _daemon = null!;
    private HostScreen _screen = null!;

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
    public void UnderOpenboxANewWindowOfAnotherQubeNeverTakesTheFocus()
    {
        Start(windowManager: true);
        (TestAppProcess appA, XWindow windowA, XRect boundsA) = StartApp(_a, "a", "typing", "300x200+100+100");
        Click(boundsA.X + 100, boundsA.Y + 100);
        WaitForFocus(windowA);
        TypeInto(appA, "q");

        // Qube b maps a window while the user types in a.
        TestAppProcess appB = Keep(TestAppProcess.Start(_b.Display, "--geometry", "300x200+600+100", "--title", "intruder"));
        XWindow intruder = _screen.WaitForWindow("[b] intruder").Window;
        Assert.Equal([0L], _screen.Longs(intruder, "_NET_WM_USER_TIME")); // no user action in b: the window manager must not focus it
        foreach (string letter in (string[])["w", "e", "r", "t"])
        {
            TypeInto(appA, letter); // each key reached a ...
        }

        Assert.Equal(windowA, FocusedWindow()); // ... the focus stayed there ...
        Assert.DoesNotContain(appB.Lines, line => line.StartsWith("key ", StringComparison.Ordinal)); // ... and b got none

        // The user's own click gives b the keyboard.
        (XWindow _, XRect boundsB) = _screen.WaitForWindow("[b] intruder");
        Click(boundsB.X + 100, boundsB.Y + 100);
        WaitForFocus(intruder);
        TypeInto(appB, "y");
    }

    [Fact]
    public void WithoutAWindowManagerATinyWindowUnderThePointerGetsNoKeysUntilClicked()
    {
        Start(windowManager: false);
        (TestAppProcess appA, XWindow windowA, XRect boundsA) = StartApp(_a, "a", "typing", "300x200+100+100");
        (int x, int y) = (boundsA.X + 150, boundsA.Y + 100);
        Click(x, y);
        WaitForFocus(windowA);
        TypeInto(appA, "q");

        // Qube b maps a 1x1 window right under the pointer.
        TestAppProcess appB = Keep(TestAppProcess.Start(_b.Display, "--geometry", $"1x1+{x - 2}+{y - 2}", "--title", "pixel"));
        XWindow pixel = _screen.WaitForWindow("[b] pixel").Window;
        WaitUntil(() => _screen.Display.PointerWindow() == pixel, () => $"b's window under the pointer at ({x}, {y}): {_screen.RootBounds(pixel)}");
        foreach (string letter in (string[])["w", "e", "r", "t"])
        {
            TypeInto(appA, letter);
        }

        Assert.Equal(windowA, FocusedWindow());
        Assert.DoesNotContain(appB.Lines, line => line.StartsWith("key ", StringComparison.Ordinal));

        Click(x, y); // on b's window: the user's choice
        WaitForFocus(pixel);
        TypeInto(appB, "y");
        Assert.DoesNotContain(appA.Lines, line => line.Contains("text=y", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AKeyHeldInOneQubeIsReleasedThereWhenAClickFocusesAnother(bool windowManager)
    {
        Start(windowManager);
        Tool("xset", "r", "off"); // no auto-repeat on the host: the host sends one press, and one release when the key comes up
        (TestAppProcess appA, XWindow windowA, XRect boundsA) = StartApp(_a, "a", "held", "300x200+100+100");
        (TestAppProcess appB, XWindow windowB, XRect boundsB) = StartApp(_b, "b", "other", "300x200+600+100");
        Click(boundsA.X + 100, boundsA.Y + 100);
        WaitForFocus(windowA);

        using XDisplay qubeA = XDisplay.Open(_a.Display);
        Tool("xdotool", "keydown", "a");
        appA.WaitForLine(line => line.StartsWith($"key press {KeycodeOfA}", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.True(IsDown(qubeA, 38)); // held in a's X server, where it auto-repeats until released
        Click(boundsB.X + 100, boundsB.Y + 100);
        WaitForFocus(windowB);
        WaitUntil(() => !IsDown(qubeA, 38), () => $"the key released in a's X server; a's app saw:\n{string.Join('\n', appA.Lines.TakeLast(6))}");
        Assert.EndsWith("text=a", appA.WaitForLine(line => line.StartsWith($"key release {KeycodeOfA}", StringComparison.Ordinal)), StringComparison.Ordinal);

        // The key comes up in b, which never saw it go down: b gets no stray release.
        Tool("xdotool", "keyup", "a");
        TypeInto(appB, "z");
        Assert.DoesNotContain(appB.Lines, line => line.Contains(KeycodeOfA, StringComparison.Ordinal));
    }

    private void Start(bool windowManager)
    {
        if (windowManager)
        {
            Keep(new WindowManagerProcess(_host.Display, "openbox"));
        }

        _daemon = Keep(new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "a:blue", "b:red"));
        Keep(new AgentProcess(_a.Display, _daemon.SocketOf("a")));
        Keep(new AgentProcess(_b.Display, _daemon.SocketOf("b")));
        _screen = new HostScreen(_host.Display);
    }

    private (TestAppProcess App, XWindow Window, XRect Bounds) StartApp(XvfbServer qube, string name, string title, string geometry)
    {
        TestAppProcess app = Keep(TestAppProcess.Start(qube.Display, "--geometry", geometry, "--title", title));
        (XWindow window, XRect bounds) = _screen.WaitForWindow($"[{name}] {title}");
        return (app, window, bounds);
    }

    /// <summary>Types one letter on the host keyboard and waits until <paramref name="app"/> has it.</summary>
    private void TypeInto(TestAppProcess app, string letter)
    {
        Tool("xdotool", "key", letter);
        try
        {
            app.WaitForLine(line => line.StartsWith("key press", StringComparison.Ordinal) && line.EndsWith($"text={letter}", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nfocus: {FocusedWindow()}\ndaemon log:\n{_daemon.Log}", e);
        }
    }

    private static bool IsDown(XDisplay display, int keycode)
    {
        Span<byte> keys = stackalloc byte[32];
        display.QueryKeymap(keys);
        return (keys[keycode >> 3] & (1 << (keycode & 7))) != 0;
    }

    private void Click(int x, int y) => Tool("xdotool", "mousemove", $"{x}", $"{y}", "click", "1");

    /// <summary>The host's focus window (a reparenting window manager focuses the client window itself).</summary>
    private XWindow FocusedWindow()
    {
        (int code, byte[] output) = ToolProcess.Run(_host.Display, "xdotool", "getwindowfocus");
        return code == 0 && ulong.TryParse(System.Text.Encoding.ASCII.GetString(output).Trim(), out ulong id) ? new XWindow((nuint)id) : XWindow.None;
    }

    private void WaitForFocus(XWindow window) => WaitUntil(() => FocusedWindow() == window, () => $"the focus on {window}, not {FocusedWindow()}");

    private static void WaitUntil(Func<bool> condition, Func<string> what, double seconds = 15)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never: {what()}");
            Thread.Sleep(50);
        }
    }

    private void Tool(string tool, params string[] arguments)
    {
        (int code, _) = ToolProcess.Run(_host.Display, tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} failed ({code})");
    }

    private T Keep<T>(T process)
        where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }
}
