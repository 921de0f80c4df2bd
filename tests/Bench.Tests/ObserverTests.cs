using GuiVirt.EndToEndBench;
using GuiVirt.Headless;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Bench.Tests;

/// <summary>
/// The observer's exact-pixel check and its lossy tolerance, which decide the remote benchmark's
/// "lossless" column, on a real Xvfb with the real TestApp: the pattern is exact as the pattern; the
/// scrolling text is exact as text, and not as the pattern (the check can fail); a frame is read
/// with and without tolerance.
/// </summary>
public sealed class ObserverTests
{
    private const int Seed = 0x2B3C;

    [Fact]
    public void ThePatternIsExactAndItsFrameIsRead()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "320x240+0+0", "--seed", Seed.ToString(), "--fps", "30", "--frames", "5");
        app.WaitForLine(line => line == "frame 5");
        using XDisplay display = XDisplay.Open(server.Display);
        foreach (int tolerance in new[] { 0, 12 })
        {
            var observer = new Observer(display, 105, 110, tolerance, ExactCheck.Pattern);
            observer.WaitFor(Seed, 0, 0, "the pattern", TimeSpan.FromSeconds(10));
            Assert.Equal(5, observer.Read(Seed));
            observer.Watch(Seed, TimeSpan.FromMilliseconds(350));
            (long exact, long pixels, int exactSamples, int samples) = observer.Exactness;
            Assert.True(samples >= 3, $"{samples} exact checks in 350 ms");
            Assert.Equal(pixels, exact);
            Assert.Equal(samples, exactSamples);
        }
    }

    [Fact]
    public void ScrolledTextIsExactAsTextAndNotAsThePattern()
    {
        using var server = new XvfbServer(640, 480);
        using var app = TestAppProcess.Start(server.Display, "--geometry", "320x240+0+0", "--seed", Seed.ToString(), "--fps", "30", "--frames", "4",
            "--rect", "10x20+100+100", "--scroll", "20");
        app.WaitForLine(line => line == "frame 4");
        using XDisplay display = XDisplay.Open(server.Display);

        var text = new Observer(display, 105, 110, 0, ExactCheck.Text);
        text.WaitFor(Seed, 0, 0, "the marker", TimeSpan.FromSeconds(10));
        Assert.Equal(4, text.Read(Seed));
        text.Watch(Seed, TimeSpan.FromMilliseconds(250));
        Assert.Equal(text.Exactness.Pixels, text.Exactness.ExactPixels);

        // The same pixels checked as the pattern: the text around the marker is not the pattern.
        var pattern = new Observer(display, 105, 110, 0, ExactCheck.Pattern);
        pattern.WaitFor(Seed, 0, 0, "the marker", TimeSpan.FromSeconds(10));
        pattern.Watch(Seed, TimeSpan.FromMilliseconds(250));
        (long exact, long pixels, int exactSamples, _) = pattern.Exactness;
        Assert.Equal(0, exactSamples);
        Assert.True(exact < pixels / 10, $"{exact} of {pixels} text pixels passed as the pattern");
    }
}
