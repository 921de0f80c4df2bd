using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>The grant holds exactly what the qube's X server shows, byte for byte.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentPixelTests : QubeSessionTest
{
    [Fact]
    public async Task TheGrantEqualsTheWindowAndThePattern()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "300x200+20+30", "--seed", "77");
        var id = new WindowId((uint)app.Window);
        uint[] expected = Frame(77, 0, 300, 200);
        await WaitForGrantAsync(id, 300, 200, expected);
        using var client = new XClient(Session.Qube.Display);
        Assert.Equal(expected, client.GetPixels(app.Window, 300, 200)); // what XGetImage reads, too
    }

    [Fact]
    public async Task AnArgbWindowIsAnnouncedAsOneAndItsGrantKeepsItsAlpha()
    {
        using TestAppProcess glass = TestAppProcess.Start(Session.Qube.Display, "--argb", "--geometry", "120x90+20+30", "--seed", "5");
        using TestAppProcess solid = TestAppProcess.Start(Session.Qube.Display, "--geometry", "60x40+300+30", "--seed", "6");
        WindowId glassId = new((uint)glass.Window), solidId = new((uint)solid.Window);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map && x.Window == glassId) && m.Any(x => x.Type == MessageType.Map && x.Window == solidId), "both MAPs");
        Assert.Contains(messages, m => m.Window == glassId && m.Type == MessageType.CreateArgb && m.Body is CreateArgb { Create: { Width: 120, Height: 90 } });
        Assert.DoesNotContain(messages, m => m.Window == glassId && m.Type == MessageType.Create);
        Assert.Contains(messages, m => m.Window == solidId && m.Type == MessageType.Create); // a 24-bit window stays CREATE
        Assert.DoesNotContain(messages, m => m.Window == solidId && m.Type == MessageType.CreateArgb);

        // The grant holds the window's premultiplied ARGB, alpha included (every value 0..255 is in the pattern).
        uint[] expected = [.. Enumerable.Range(0, 90).SelectMany(y => Enumerable.Range(0, 120).Select(x => TestApp.ArgbPattern.Pixel(5, 0, x, y)))];
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        uint[]? seen = null;
        while ((seen = Session.Received.GrantPixels(glassId, out _) is { } grant ? MemoryMarshal.Cast<byte, uint>(grant).ToArray() : null) is null || !seen.SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the ARGB grant never equalled the pattern (first pixel {seen?.FirstOrDefault():x8}, expected {expected[0]:x8})");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task XclockTicksAndItsGrantMatchesTheServer()
    {
        using ToolProcess xclock = ToolProcess.Start(Session.Qube.Display, "xclock", ["-digital", "-update", "1", "-geometry", "220x40+10+10"]);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map), "xclock's MAP");
        WindowId id = messages.First(m => m.Type == MessageType.Map).Window;
        int before = messages.Count(m => m.Window == id && m.Type == MessageType.ShmImage);
        // A digital clock with seconds redraws every second: damage keeps flowing.
        await Session.Received.WaitForAsync(m => m.Count(x => x.Window == id && x.Type == MessageType.ShmImage) >= before + 2, "two more ticks", seconds: 10);

        // Between ticks the grant equals what the qube's server shows (retry across a tick).
        using var client = new XClient(Session.Qube.Display);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            byte[]? grant = Session.Received.GrantPixels(id, out WindowDump dump);
            uint[] server = client.GetPixels((nuint)id.Value, dump.Width, dump.Height);
            if (grant is not null && MemoryMarshal.Cast<byte, uint>(grant).ToArray().Select(p => p & 0xFFFFFF).SequenceEqual(server))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "xclock's grant never matched its window");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task AnimationKeepsTheGrantCurrent()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "256x128+0+0", "--seed", "3", "--fps", "20", "--frames", "10");
        app.WaitForLine(line => line == "frame 10", TimeSpan.FromSeconds(30));
        await WaitForGrantAsync(new WindowId((uint)app.Window), 256, 128, Frame(3, 10, 256, 128));
    }

    [Fact]
    public async Task OverlappingWindowsEachKeepTheirOwnPixels()
    {
        using TestAppProcess below = TestAppProcess.Start(Session.Qube.Display, "--geometry", "300x300+0+0", "--seed", "1");
        using TestAppProcess above = TestAppProcess.Start(Session.Qube.Display, "--geometry", "300x300+100+100", "--seed", "2");
        // Off-screen redirection: the window below keeps its full picture under the one above.
        await WaitForGrantAsync(new WindowId((uint)below.Window), 300, 300, Frame(1, 0, 300, 300));
        await WaitForGrantAsync(new WindowId((uint)above.Window), 300, 300, Frame(2, 0, 300, 300));
    }

    [Fact]
    public async Task AResizedWindowGetsANewGrantWithItsNewPicture()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "200x100+0+0", "--seed", "9");
        var id = new WindowId((uint)app.Window);
        await WaitForGrantAsync(id, 200, 100, Frame(9, 0, 200, 100));
        using (var client = new XClient(Session.Qube.Display))
        {
            client.MoveResize(app.Window, 0, 0, 333, 222); // the app redraws its pattern at the new size
        }

        await WaitForGrantAsync(id, 333, 222, Frame(9, 0, 333, 222));
    }

    private Task WaitForGrantAsync(WindowId window, int width, int height, uint[] expected) =>
        Session.Received.WaitForPixelsAsync(window, width, height, expected);

    private static uint[] Frame(int seed, int frame, int width, int height)
    {
        var pixels = new uint[width * height];
        Pattern.Fill(pixels, width, height, seed, frame);
        return pixels;
    }
}
