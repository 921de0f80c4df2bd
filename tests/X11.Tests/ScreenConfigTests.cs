using System.Diagnostics;
using GuiVirt.TestSupport;

namespace GuiVirt.X11.Tests;

/// <summary>
/// RandR on a real Xvfb, as the agent uses it for SCREEN_CONFIG: the screen resized within the
/// framebuffer the server started with, and client monitors that replace the server's own.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class ScreenConfigTests : IDisposable
{
    private readonly XvfbServer _server = new(1920, 1080);

    public void Dispose() => _server.Dispose();

    [Fact]
    public void TheScreenIsResizedWithinTheSizeTheServerStartedWith()
    {
        using XDisplay display = XDisplay.Open(_server.Display);

        Assert.Equal((1280, 720), display.ResizeScreen(1280, 720));
        Assert.Equal((1280, 720), RootSize());
        Assert.Equal((1024, 768), display.ResizeScreen(1024, 768));
        Assert.Equal((1024, 768), RootSize());
        Assert.Equal((1280, 720), display.ResizeScreen(1280, 720)); // a mode made before, used again
        Assert.Equal((1280, 720), RootSize());
        Assert.Equal((1920, 1080), display.ResizeScreen(4000, 3000)); // beyond the framebuffer: its size
        Assert.Equal((1920, 1080), RootSize());
    }

    [Fact]
    public void MonitorsSetAreListedFirstAndTheOutputsWholeScreenLast()
    {
        using XDisplay display = XDisplay.Open(_server.Display);

        Assert.True(display.SetMonitors([new XRect(0, 0, 960, 1080), new XRect(960, 0, 960, 1080)]));
        Assert.Equal(["*GUIVIRT-0 960/254x1080/286+0+0", "GUIVIRT-1 960/254x1080/286+960+0", "+screen 1920/508x1080/286+0+0"], ListMonitors());

        // Set again with one: the two before are gone.
        Assert.True(display.SetMonitors([new XRect(0, 0, 1280, 720)]));
        Assert.Equal(["*GUIVIRT-0 1280/339x720/190+0+0", "+screen 1920/508x1080/286+0+0"], ListMonitors());
    }

    [Fact]
    public void AClientThatAskedHearsOfANewScreenSize()
    {
        using XDisplay listener = XDisplay.Open(_server.Display);
        Assert.True(listener.SelectScreenChanges());
        listener.Sync();
        using (XDisplay resizer = XDisplay.Open(_server.Display))
        {
            Assert.Equal((800, 600), resizer.ResizeScreen(800, 600));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            listener.Sync();
            while (listener.TryNextEvent(out XEventData e))
            {
                if (e.Kind == XEventKind.Configure && e.Window == listener.Root && (e.Width, e.Height) == (800, 600))
                {
                    return;
                }
            }

            Thread.Sleep(20);
        }

        Assert.Fail("no screen-change event with the new size");
    }

    private (int, int) RootSize()
    {
        using XDisplay fresh = XDisplay.Open(_server.Display);
        return (fresh.Width, fresh.Height);
    }

    /// <summary>`xrandr --listmonitors`, each monitor's name and geometry as it prints them.</summary>
    private string[] ListMonitors()
    {
        var start = new ProcessStartInfo("xrandr", ["--listmonitors"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DISPLAY"] = _server.Display;
        using Process xrandr = Process.Start(start)!;
        string output = xrandr.StandardOutput.ReadToEnd();
        xrandr.WaitForExit();
        return [.. output.Split('\n').Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(words => $"{words[1]} {words[2]}")];
    }
}
