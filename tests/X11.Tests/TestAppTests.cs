using System.Text;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;

namespace GuiVirt.X11.Tests;

/// <summary>
/// The test app on a real Xvfb: every later pixel-exact and input test trusts what it draws and
/// logs, so each of its promises is checked here against the X server itself and real X tools.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class TestAppTests
{
    private const int Seed = 0x5A17C3;

    [Fact]
    public void FirstFrameMatchesThePatternPixelForPixel()
    {
        using var server = new XvfbServer(640, 480);
        // Wider and taller than 256 so the tile bits of the pattern are exercised too.
        using var app = TestAppProcess.Start(server.Display, "--geometry", "300x270+10+20", "--seed", Seed.ToString());
        using var client = new XClient(server.Display);

        AssertPattern(client, app.Window, 300, 270, frame: 0);
        // The comparison means something only if the pattern does: here every pixel is distinct.
        Assert.Equal(300 * 270, client.GetPixels(app.Window, 300, 270).Distinct().Count());
        var attributes = client.GetAttributes(app.Window);
        Assert.Equal((10, 20, 300, 270), (attributes.X, attributes.Y, attributes.Width, attributes.Height));
    }

    [Fact]
    public void ANewSizeIsRedrawnWithThePattern()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "200x150+0+0", "--seed", Seed.ToString());
        using var client = new XClient(server.Display);

        client.MoveResize(app.Window, 5, 5, 320, 290);
        app.WaitForLine(line => line == "redraw frame 0 size=320x290");

        AssertPattern(client, app.Window, 320, 290, frame: 0);
    }

    [Fact]
    public void AnimationDrawsEveryFrameAndStopsAtTheLast()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "120x90+0+0", "--seed", Seed.ToString(), "--fps", "30", "--frames", "5");
        using var client = new XClient(server.Display);

        app.WaitForLine(line => line == "frame 5");
        AssertPattern(client, app.Window, 120, 90, frame: 5);
        // Six frames at 30/s end within 0.2 s; a seventh would come 33 ms later.
        Thread.Sleep(300);
        string[] frames = [.. app.Lines.Where(line => line.StartsWith("frame ", StringComparison.Ordinal))];
        Assert.Equal(["frame 0", "frame 1", "frame 2", "frame 3", "frame 4", "frame 5"], frames);
    }

    [Fact]
    public void ARectAnimationRedrawsOnlyItsRectangle()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "120x90+0+0", "--seed", Seed.ToString(), "--fps", "30", "--frames", "3", "--rect", "10x20+30+40");
        using var client = new XClient(server.Display);

        app.WaitForLine(line => line == "frame 3");
        uint[] actual = client.GetPixels(app.Window, 120, 90);
        for (int y = 0; y < 90; y++)
        {
            for (int x = 0; x < 120; x++)
            {
                // Frame 3 inside the rectangle, still frame 0 everywhere else: only the rectangle was redrawn.
                int frame = x is >= 30 and < 40 && y is >= 40 and < 60 ? 3 : 0;
                Assert.True(actual[(y * 120) + x] == Pattern.Pixel(Seed, frame, x, y), $"pixel ({x},{y}) is not frame {frame}'s");
            }
        }
    }

    [Fact]
    public void ScrollingMovesTheTextUpALinePerFrameAndDrawsTheMarker()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "120x100+0+0", "--seed", Seed.ToString(), "--fps", "30", "--frames", "3",
            "--rect", "10x20+30+40", "--scroll", "20");
        using var client = new XClient(server.Display);

        app.WaitForLine(line => line == "frame 3");
        uint[] actual = client.GetPixels(app.Window, 120, 100);
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 120; x++)
            {
                // The marker shows frame 3's pattern; every other pixel is the text three lines down
                // (scrolled three times), with no trace of the markers of frames 0 to 2.
                bool marker = x is >= 30 and < 40 && y is >= 40 and < 60;
                uint expected = marker ? Pattern.Pixel(Seed, 3, x, y) : TextPattern.Pixel(Seed, 3 + (y / 20), x, y % 20, 20);
                Assert.True(actual[(y * 120) + x] == expected, $"pixel ({x},{y}) is 0x{actual[(y * 120) + x]:x6}, expected 0x{expected:x6}");
            }
        }
    }

    [Fact]
    public void TextIsTwoColoursWithGlyphsAndSpaces()
    {
        uint[] line = [.. Enumerable.Range(0, 800 * 20).Select(i => TextPattern.Pixel(Seed, 7, i % 800, i / 800, 20))];
        Assert.All(line, pixel => Assert.True(pixel is TextPattern.Ink or TextPattern.Paper));
        double ink = line.Count(p => p == TextPattern.Ink) / (double)line.Length;
        Assert.InRange(ink, 0.02, 0.4); // text, not an empty or a black line
    }

    [Fact]
    public void KeysAndClicksFromXdotoolAreLogged()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "200x150+40+30");

        // No window manager: the focus is PointerRoot, so keys go to the window under the pointer.
        Assert.Equal(0, ToolProcess.Run(server.Display, "xdotool", "mousemove", "100", "80").ExitCode);
        app.WaitForLine(line => line.StartsWith("enter x=60 y=50 ", StringComparison.Ordinal));
        Assert.Equal(0, ToolProcess.Run(server.Display, "xdotool", "type", "abc").ExitCode);
        Assert.Equal(0, ToolProcess.Run(server.Display, "xdotool", "click", "3").ExitCode);

        app.WaitForLine(line => line.StartsWith("button release button=3 ", StringComparison.Ordinal));
        string[] presses = [.. app.Lines.Where(line => line.StartsWith("key press ", StringComparison.Ordinal))];
        Assert.Equal(3, presses.Length);
        Assert.Matches("^key press keycode=38 state=0 keysym=0x61 text=a$", presses[0]);
        Assert.Matches("^key press keycode=56 state=0 keysym=0x62 text=b$", presses[1]);
        Assert.Matches("^key press keycode=54 state=0 keysym=0x63 text=c$", presses[2]);
        Assert.Equal(3, app.Lines.Count(line => line.StartsWith("key release ", StringComparison.Ordinal)));
        Assert.Contains("button press button=3 state=0 x=60 y=50", app.Lines);
    }

    [Fact]
    public void ClipboardSetServesXclipUntilAnotherOwnerTakesIt()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--clipboard-set", "héllo");

        (int code, byte[] utf8) = ToolProcess.Run(server.Display, "xclip", "-selection", "clipboard", "-o");
        Assert.Equal(0, code);
        Assert.Equal("héllo", Encoding.UTF8.GetString(utf8));
        // STRING is Latin-1 by ICCCM: é is the single byte 0xE9.
        (code, byte[] latin1) = ToolProcess.Run(server.Display, "xclip", "-selection", "clipboard", "-t", "STRING", "-o");
        Assert.Equal(0, code);
        Assert.Equal([0x68, 0xE9, 0x6C, 0x6C, 0x6F], latin1);

        using ToolProcess newOwner = ToolProcess.Start(server.Display, "xclip", ["-selection", "clipboard", "-quiet"], "other");
        Assert.Equal(0, app.WaitForExit());
        Assert.Contains("clipboard lost", app.Lines);
    }

    [Fact]
    public void ClipboardGetPrintsWhatXclipOwns()
    {
        using var server = new XvfbServer(640, 480);
        using var client = new XClient(server.Display);
        // -quiet keeps xclip in the foreground, so this test can end exactly that process.
        using ToolProcess owner = ToolProcess.Start(server.Display, "xclip", ["-selection", "clipboard", "-quiet"], "wörld");
        WaitUntil(() => client.SelectionOwner("CLIPBOARD") != 0 || owner.HasExited, "xclip owns CLIPBOARD");
        Assert.False(owner.HasExited, owner.Errors);

        (int code, byte[] output, string errors) = TestAppProcess.Run(server.Display, "--clipboard-get");

        Assert.True(code == 0, errors);
        Assert.Equal("wörld", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void ClipboardGetWithoutAnOwnerExitsWithOne()
    {
        using var server = new XvfbServer(640, 480);

        (int code, byte[] output, string errors) = TestAppProcess.Run(server.Display, "--clipboard-get");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("no owner", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowManagerPropertiesAreSet()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--title", "Tëst ☃", "--class", "Probe", "--geometry", "100x100+0+0");
        using var client = new XClient(server.Display);

        Assert.Equal(("STRING", 8, "Tëst ?"), Latin1(client.GetProperty(app.Window, "WM_NAME")));
        (string type, int format, byte[] name) = client.GetProperty(app.Window, "_NET_WM_NAME");
        Assert.Equal(("UTF8_STRING", 8, "Tëst ☃"), (type, format, Encoding.UTF8.GetString(name)));
        Assert.Equal(("STRING", 8, "Probe\0Probe\0"), Latin1(client.GetProperty(app.Window, "WM_CLASS")));

        (type, format, byte[] protocols) = client.GetProperty(app.Window, "WM_PROTOCOLS");
        Assert.Equal(("ATOM", 32), (type, format));
        Assert.Equal([(ulong)client.Atom("WM_DELETE_WINDOW")], Longs(protocols));

        // XSizeHints on the wire: flags, x, y, width, height, min_width, min_height, ... (PMinSize = 16).
        (type, format, byte[] hints) = client.GetProperty(app.Window, "WM_NORMAL_HINTS");
        Assert.Equal(("WM_SIZE_HINTS", 32), (type, format));
        ulong[] fields = Longs(hints);
        Assert.NotEqual(0UL, fields[0] & 16);
        Assert.Equal((50UL, 50UL), (fields[5], fields[6]));
    }

    [Fact]
    public void DeleteWindowMessageEndsTheAppWithZero()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display);
        using var client = new XClient(server.Display);

        client.SendDeleteWindow(app.Window);

        Assert.Equal(0, app.WaitForExit());
        Assert.Contains("exit WM_DELETE_WINDOW", app.Lines);
    }

    [Fact]
    public void SigtermEndsTheAppWithZero()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--fps", "30");

        app.Terminate();

        Assert.Equal(0, app.WaitForExit());
        Assert.Contains("exit signal", app.Lines);
    }

    [Fact]
    public void TheAppEndsWhenItsServerGoesAway()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display);

        server.Dispose();

        Assert.Equal(0, app.WaitForExit());
        Assert.Contains("exit x connection closed", app.Lines);
    }

    [Fact]
    public void HelpPrintsTheUsageAndABadOptionIsRefused()
    {
        (int code, byte[] output, _) = TestAppProcess.Run(":0", "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: GuiVirt.TestApp", Encoding.UTF8.GetString(output), StringComparison.Ordinal);

        (code, _, string errors) = TestAppProcess.Run(":0", "--geometry", "wide");
        Assert.Equal(2, code);
        Assert.Contains("--geometry wants WxH+X+Y", errors, StringComparison.Ordinal);
    }

    private static void AssertPattern(XClient client, nuint window, int width, int height, int frame)
    {
        uint[] actual = client.GetPixels(window, width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                uint expected = Pattern.Pixel(Seed, frame, x, y);
                uint got = actual[(y * width) + x];
                if (got != expected)
                {
                    Assert.Fail($"pixel ({x},{y}) of frame {frame} is 0x{got:x6}, the pattern says 0x{expected:x6}");
                }
            }
        }
    }

    private static (string, int, string) Latin1((string Type, int Format, byte[] Value) property) =>
        (property.Type, property.Format, Encoding.Latin1.GetString(property.Value));

    private static ulong[] Longs(byte[] value) =>
        [.. Enumerable.Range(0, value.Length / 8).Select(i => BitConverter.ToUInt64(value, i * 8))];

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }
            Thread.Sleep(20);
        }
    }
}
