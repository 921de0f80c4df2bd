using GuiVirt.TestSupport;
using System.Diagnostics;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11.Tests;

/// <summary>The fixture every integration test stands on: its own server, ready, and gone after.</summary>
[Collection(XServerCollection.Name)]
public sealed class XvfbServerTests
{
    [Fact]
    public void TwoServersGetTheirOwnDisplaysAndDisposeKillsEach()
    {
        var first = new XvfbServer(320, 200);
        var second = new XvfbServer(640, 480);
        try
        {
            Assert.NotEqual(first.Display, second.Display);
            Assert.True(first.Number >= 100 && second.Number >= 100);
            Assert.Equal((320, 200), ScreenSize(first.Display));
            Assert.Equal((640, 480), ScreenSize(second.Display));
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
        Assert.False(IsRunning(first.ProcessId));
        Assert.False(IsRunning(second.ProcessId));
        Assert.Equal(0, Xlib.XOpenDisplay(first.Display));
    }

    private static (int, int) ScreenSize(string display)
    {
        nint handle = Xlib.XOpenDisplay(display);
        Assert.NotEqual(0, handle);
        try
        {
            int screen = Xlib.XDefaultScreen(handle);
            return (Xlib.XDisplayWidth(handle, screen), Xlib.XDisplayHeight(handle, screen));
        }
        finally
        {
            Xlib.XCloseDisplay(handle);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;   // no such process
        }
    }
}
