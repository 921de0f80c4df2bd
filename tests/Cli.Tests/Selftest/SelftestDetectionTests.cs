using GuiVirt.Cli.Selftest;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Cli.Tests.Selftest;

/// <summary>The self-test's detectors can fail: a secret is found where it is and only there, and xwd files are read right.</summary>
public sealed class SelftestDetectionTests
{
    private static readonly Secret Alpha = new("alpha", 0x20_3A17), Beta = new("beta", 0x70_5C2B), Host = new("host", 0xC0_7E41);

    [Fact]
    public void ASecretIsThePatternAppsFirstFrame()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            int seed = random.Next(), x = random.Next(2048), y = random.Next(1280);
            Assert.Equal(Pattern.Pixel(seed, 0, x, y), new Secret("any", seed).Pixel(x, y));
        }
    }

    [Fact]
    public void ASecretIsFoundWhereverItIsEvenCutByTheEdge()
    {
        foreach ((int x, int y) in (ReadOnlySpan<(int, int)>)[(0, 0), (37, 91), (-150, -100), (500, 300)])
        {
            ScreenImage screen = Paint(640, 480, (Alpha, new XRect(x, y, 300, 200)));
            Assert.True(Alpha.CountIn(screen) > 0, $"alpha at {x},{y} not found");
            Assert.Equal(0, Beta.CountIn(screen));
            Assert.Equal(0, Host.CountIn(screen));
        }
    }

    [Fact]
    public void TheThreeSecretsAreNeverMistakenForOneAnotherEvenScreenSized()
    {
        foreach (Secret shown in (Secret[])[Alpha, Beta, Host])
        {
            ScreenImage screen = Paint(1920, 1080, (shown, new XRect(0, 0, 1920, 1080)));
            Assert.Equal(480 * 270, shown.CountIn(screen)); // every grid point
            foreach (Secret other in (Secret[])[Alpha, Beta, Host])
            {
                Assert.True(other == shown || other.CountIn(screen) == 0, $"{other.Owner} found in {shown.Owner}'s screen");
            }
        }
    }

    [Fact]
    public void AShiftedCopyOrOneWrongPixelPerBlockIsNotTheSecret()
    {
        var pixels = new uint[64 * 64];
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                // A horizontal mirror: every colour is one of alpha's, never in alpha's order.
                pixels[(y * 64) + x] = Alpha.Pixel(63 - x, y);
            }
        }

        Assert.Equal(0, Alpha.CountIn(new ScreenImage(64, 64, pixels)));
    }

    [Fact]
    public void AnXwdOfXvfbReadsAsXGetImageSeesIt()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--seed", "1234567", "--geometry", "200x100+30+40");
        (int code, byte[] dump) = ToolProcess.Run(server.Display, "xwd", "-root", "-silent");
        Assert.Equal(0, code);
        (int windowCode, byte[] windowDump) = ToolProcess.Run(server.Display, "xwd", "-id", $"0x{app.Window:x}", "-silent");
        Assert.Equal(0, windowCode);

        IReadOnlyList<ScreenImage> images = XwdImage.ReadAll([.. dump, .. windowDump]);
        Assert.Equal((640, 480), (images[0].Width, images[0].Height));
        Assert.Equal((200, 100), (images[1].Width, images[1].Height));
        using XDisplay display = XDisplay.Open(server.Display);
        byte[] root = display.TryGetImage(display.Root, new XRect(0, 0, 640, 480))!;
        Assert.Equal(ScreenImage.FromBgrx(root, 640, 480, 640 * 4).Count(0), images[0].Count(0));
        Assert.Equal(new Secret("app", 1234567).Pixel(17, 23), images[1][17, 23]);
        Assert.Equal(images[1][17, 23], images[0][30 + 17, 40 + 23]); // no window manager, no redirection: the root shows it
    }

    [Fact]
    public void AMalformedXwdIsRefused()
    {
        using var server = new XvfbServer(64, 48);
        (_, byte[] dump) = ToolProcess.Run(server.Display, "xwd", "-root", "-silent");
        Assert.Throws<InvalidDataException>(() => XwdImage.ReadAll(dump[..50]));          // no whole header
        Assert.Throws<InvalidDataException>(() => XwdImage.ReadAll(dump[..^4]));          // one pixel short
        byte[] deep = [.. dump];
        deep[15] = 16; // pixmap_depth 16
        Assert.Throws<InvalidDataException>(() => XwdImage.ReadAll(deep));
        byte[] huge = [.. dump];
        huge[16] = 0x7F; // pixmap_width in the billions
        Assert.Throws<InvalidDataException>(() => XwdImage.ReadAll(huge));
    }

    private static ScreenImage Paint(int width, int height, params (Secret Secret, XRect At)[] windows)
    {
        var pixels = new uint[width * height];
        foreach ((Secret secret, XRect at) in windows)
        {
            for (int y = Math.Max(0, at.Y); y < Math.Min(height, at.Y + at.Height); y++)
            {
                for (int x = Math.Max(0, at.X); x < Math.Min(width, at.X + at.Width); x++)
                {
                    pixels[(y * width) + x] = secret.Pixel(x - at.X, y - at.Y);
                }
            }
        }

        return new ScreenImage(width, height, pixels);
    }
}
