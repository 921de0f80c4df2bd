using System.Diagnostics;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// Counts the frames of a <see cref="PacedAgent"/> that really reach the host screen: its own X
/// connection reads one screen pixel of the agent's window (XGetImage 1x1 of the root) in a tight
/// loop and counts each new frame colour it sees. A frame the daemon puts late, together with the
/// next one, is never on the screen on its own and is not counted.
/// </summary>
internal sealed class FrameMeter(string display, int x, int y) : IDisposable
{
    private readonly HostScreen _screen = new(display);
    private readonly XRect _pixel = new(x, y, 1, 1);

    /// <summary>Waits until the agent's frames are on the screen at the pixel watched.</summary>
    public void WaitForFrames(double seconds = 30)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!PacedAgent.IsFrame(Read()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the paced agent's frames never showed at ({_pixel.X}, {_pixel.Y})");
            Thread.Sleep(20);
        }
    }

    /// <summary>Distinct frames seen per second, watching for <paramref name="seconds"/>.</summary>
    public double FramesPerSecond(double seconds)
    {
        var clock = Stopwatch.StartNew();
        uint last = Read();
        int frames = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            uint pixel = Read();
            if (pixel != last && PacedAgent.IsFrame(pixel))
            {
                frames++;
            }

            last = pixel;
        }

        return frames / clock.Elapsed.TotalSeconds;
    }

    public void Dispose() => _screen.Dispose();

    private uint Read() => _screen.Screenshot(_pixel)[0];
}
