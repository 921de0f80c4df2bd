using GuiVirt.GuiDaemon.Session;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Window icons on real X servers: a TestApp in the qube sets _NET_WM_ICON, the real agent sends
/// it (WINDOW_ICON), and the host window's _NET_WM_ICON is the tinted image, pixel by pixel.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class WindowIconTests : IDisposable
{
    private const uint Blue = 0x3465A4;

    private readonly HostAndQube _rig = new("work:blue");
    private readonly HostScreen _screen;

    public WindowIconTests()
    {
        _screen = new HostScreen(_rig.Host.Display);
    }

    public void Dispose()
    {
        _screen.Dispose();
        _rig.Dispose();
    }

    [Fact]
    public void TheHostWindowGetsTheLargestIconWithin128TintedToTheLabel()
    {
        using TestAppProcess app = TestAppProcess.Start(_rig.Qube.Display, "--geometry", "200x100+50+50", "--title", "icon", "--icon", "16,48,200", "--seed", "7");
        (XWindow host, _) = _screen.WaitForWindow("[work] icon");

        uint[] expected = Tinted(48, 48, (x, y) => IconPattern.Argb(48, x, y, 7));
        WaitForIcon(host, expected, "the 48x48 image (the largest within 128), tinted blue");
    }

    [Fact]
    public void AnIconChangedLaterIsSentAgainAndOneTooLargeIsScaledDown()
    {
        using TestAppProcess app = TestAppProcess.Start(_rig.Qube.Display, "--geometry", "200x100+50+50", "--title", "changing");
        (XWindow host, _) = _screen.WaitForWindow("[work] changing");
        Assert.Equal(2 + (16 * 16), _screen.Longs(host, "_NET_WM_ICON").Count); // the label icon until the qube says

        // Only a 200x200 image: the agent sends it as 128x128, nearest pixel.
        using XDisplay qube = XDisplay.Open(_rig.Qube.Display);
        qube.SetLongs(new XWindow(app.Window), qube.Atom("_NET_WM_ICON"), XAtom.Cardinal, [.. IconPattern.NetWmIcon([200], 3).Select(item => (nint)item)]);
        qube.Sync();

        uint[] expected = Tinted(128, 128, (x, y) => IconPattern.Argb(200, x * 200 / 128, y * 200 / 128, 3));
        WaitForIcon(host, expected, "the 200x200 image scaled to 128x128, tinted blue");
    }

    /// <summary>What the host's _NET_WM_ICON must be: width, height, then each pixel tinted, its alpha kept.</summary>
    private static uint[] Tinted(int width, int height, Func<int, int, uint> argb)
    {
        var icon = new uint[2 + (width * height)];
        (icon[0], icon[1]) = ((uint)width, (uint)height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                uint pixel = argb(x, y);
                icon[2 + (y * width) + x] = (pixel & 0xFF00_0000) | LabelTint.Tint((int)(pixel >> 16) & 0xFF, (int)(pixel >> 8) & 0xFF, (int)pixel & 0xFF, Blue);
            }
        }

        return icon;
    }

    private void WaitForIcon(XWindow host, uint[] expected, string what)
    {
        uint[] seen = [];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            seen = [.. _screen.Longs(host, "_NET_WM_ICON").Select(item => (uint)item)];
            if (seen.AsSpan().SequenceEqual(expected))
            {
                return;
            }

            Thread.Sleep(50);
        }

        int first = Enumerable.Range(0, Math.Min(seen.Length, expected.Length)).FirstOrDefault(i => seen[i] != expected[i], -1);
        Assert.Fail($"host _NET_WM_ICON is not {what}: {seen.Length} items (expected {expected.Length}), first difference at {first}"
            + (first >= 0 ? $": 0x{seen[first]:x8}, expected 0x{expected[first]:x8}" : "") + $"\ndaemon log:\n{_rig.Daemon.Log}\nagent log:\n{_rig.Agent.Log}");
    }
}
