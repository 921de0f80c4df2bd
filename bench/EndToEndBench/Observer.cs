using System.Diagnostics;
using GuiVirt.X11;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// Watches one pixel of a screen the way nothing in GuiVirt can influence: its own X connection,
/// XGetImage of a 1x1 area of the root window (what is really shown), in a tight loop.
/// The TestApp's pattern (tests/TestApp/Pattern.cs) has, at x &lt; 256 and y &lt; 256 and a seed below
/// 0x10000, blue = 16 * frame mod 256: the frame number mod 16 is in the pixel's high nibble,
/// while red and green depend only on the position and the seed, which tells the window of this
/// case apart from anything else on the screen and also says where the window is shown.
/// (<paramref name="x"/>, <paramref name="y"/>) is the screen pixel watched.
/// </summary>
/// <remarks>
/// <paramref name="tolerance"/> &gt; 0 (the remote benchmark, where xpra's default encodings are lossy):
/// red and green may be off by that much and blue is rounded to the nearest frame. With
/// <paramref name="exact"/> the observer also checks, every <see cref="ExactInterval"/>, whether the
/// pixels of the window's <see cref="ExactArea"/> arrived exactly (<see cref="Exactness"/>).
/// </remarks>
internal sealed class Observer(XDisplay display, int x, int y, int tolerance = 0, ExactCheck exact = ExactCheck.None)
{
    /// <summary>The window's area checked for exact pixels: its first tile's 128x128 pixels from (64, 64), holding the typing and scrolling marker (10x20 at +100+100).</summary>
    public static readonly XRect ExactArea = new(64, 64, 128, 128);

    /// <summary>How often the exact check samples <see cref="ExactArea"/>: rarely enough not to slow the pixel loop much.</summary>
    public static readonly TimeSpan ExactInterval = TimeSpan.FromMilliseconds(100);

    // How far from where it asked for the window may be shown (a daemon's frame, clamping). The
    // seeds of consecutive cases differ by more, so a stale window of the last case never matches.
    public const int MaxShift = 16;
    // Far more than a 5 s window can hold: the sampling rate is bounded by the X round trip.
    private const int Capacity = 1 << 20;
    private readonly long[] _times = new long[Capacity];
    private readonly byte[] _values = new byte[Capacity];
    private readonly XRect _area = new(x, y, 1, 1);
    private byte[] _last = [];
    private int _windowX, _windowY;

    /// <summary>Where the window's pixel (0, 0) is on the screen, found by <see cref="WaitFor"/>.</summary>
    public (int X, int Y) WindowOrigin => (_windowX, _windowY);

    /// <summary>The frame number mod 16 shown for <paramref name="seed"/>'s pattern, or -1 for anything else.</summary>
    public int Read(int seed)
    {
        byte[] bgrx = display.TryGetImage(display.Root, _area) ?? throw new XException("XGetImage of the root failed");
        _last = bgrx;
        if (tolerance > 0)
        {
            bool near = Near(bgrx[2], (x - _windowX + seed) & 0xFF) && Near(bgrx[1], (y - _windowY + (seed >> 8)) & 0xFF);
            return near ? ((bgrx[0] + 8) >> 4) & 0x0F : -1;
        }

        bool ours = bgrx[2] == ((x - _windowX + seed) & 0xFF) && bgrx[1] == ((y - _windowY + (seed >> 8)) & 0xFF) && (bgrx[0] & 0x0F) == 0;
        return ours ? bgrx[0] >> 4 : -1;
    }

    private bool Near(int value, int expected) => Math.Abs((sbyte)(byte)(value - expected)) <= tolerance;

    /// <summary>Exact pixels and pixels checked in <see cref="ExactArea"/>; samples in which every pixel was exact, and samples.</summary>
    public (long ExactPixels, long Pixels, int ExactSamples, int Samples) Exactness { get; private set; }

    /// <summary>
    /// Reads <see cref="ExactArea"/> of the window and counts the pixels that are exactly what the
    /// app drew in some frame: the TestApp's Pattern (red and green fixed by the position and the
    /// seed, blue's low nibble 0 in the first tile), or with <see cref="ExactCheck.Text"/> also
    /// exactly one of TextPattern's two colours. Each pixel is checked on its own, so a sample
    /// taken while a frame is half shown still counts only true damage.
    /// </summary>
    private void CheckExact(int seed)
    {
        var area = new XRect(_windowX + ExactArea.X, _windowY + ExactArea.Y, ExactArea.Width, ExactArea.Height);
        byte[]? bgrx = display.TryGetImage(display.Root, area);
        if (bgrx is null)
        {
            return;
        }

        int exactPixels = 0;
        for (int py = 0; py < area.Height; py++)
        {
            for (int px = 0; px < area.Width; px++)
            {
                int i = ((py * area.Width) + px) * 4;
                int wx = ExactArea.X + px, wy = ExactArea.Y + py;
                bool pattern = bgrx[i + 2] == ((wx + seed) & 0xFF) && bgrx[i + 1] == ((wy + (seed >> 8)) & 0xFF) && (bgrx[i] & 0x0F) == 0;
                bool text = exact == ExactCheck.Text && bgrx[i + 2] == bgrx[i + 1] && bgrx[i + 1] == bgrx[i] && bgrx[i] is 0x20 or 0xFF;
                exactPixels += pattern || text ? 1 : 0;
            }
        }

        (long e, long p, int es, int s) = Exactness;
        int all = area.Width * area.Height;
        Exactness = (e + exactPixels, p + all, es + (exactPixels == all ? 1 : 0), s + 1);
    }

    /// <summary>
    /// Waits until the pattern of <paramref name="seed"/> is on the screen within
    /// <see cref="MaxShift"/> of (<paramref name="expectedX"/>, <paramref name="expectedY"/>), and
    /// takes where it is from the pixel: red = x - windowX + seed, so windowX = x + seed - red (mod 256).
    /// </summary>
    public void WaitFor(int seed, int expectedX, int expectedY, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            (_windowX, _windowY) = (expectedX, expectedY);
            if (Read(seed) >= 0)
            {
                return;
            }

            int dx = (sbyte)(byte)(x - expectedX + seed - _last[2]), dy = (sbyte)(byte)(y - expectedY + (seed >> 8) - _last[1]);
            (_windowX, _windowY) = (expectedX + dx, expectedY + dy);
            // Twice, so a half-updated screen cannot fake a shift.
            if (Math.Abs(dx) <= MaxShift && Math.Abs(dy) <= MaxShift && Read(seed) >= 0 && Read(seed) >= 0)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} never showed on the screen: the pixel is still #{_last[2]:x2}{_last[1]:x2}{_last[0]:x2}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Samples for <paramref name="duration"/> and keeps the first sample and each change:
    /// (time the reply arrived, frame mod 16). The reply time is when the observer knew; the server
    /// showed it at most one sample interval earlier, which <see cref="Observation.SamplesPerSecond"/> bounds.
    /// </summary>
    /// <remarks>With several observers at once, each sleeps <paramref name="interval"/> between samples,
    /// so that they do not take every core; zero: a tight loop.</remarks>
    public Observation Watch(int seed, TimeSpan duration, TimeSpan interval = default)
    {
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        int count = 0, samples = 0, last = int.MinValue;
        long now = start, longestGap = 0;
        long exactInterval = (long)(ExactInterval.TotalSeconds * Stopwatch.Frequency), nextExact = start;
        do
        {
            if (exact != ExactCheck.None && now >= nextExact)
            {
                CheckExact(seed);
                nextExact = now + exactInterval;
                now = Stopwatch.GetTimestamp(); // the check's own time is not a gap in the pixel's samples
            }

            if (interval > TimeSpan.Zero)
            {
                Thread.Sleep(interval);
            }

            long before = now;
            int value = Read(seed);
            now = Stopwatch.GetTimestamp();
            // A long gap between two replies means the observer (or the host X server) was not
            // running: frames shown meanwhile were missed by the observer, not by the system.
            longestGap = Math.Max(longestGap, now - before);
            samples++;
            // -1 (not our pattern) is a change too: it shows up as a gap and is not matched to a frame.
            if (value != last && count < Capacity)
            {
                _times[count] = now;
                _values[count++] = (byte)(value & 0xFF);
                last = value;
            }
        }
        while (now < end);

        return new Observation(start, now, samples, longestGap, _times[..count], _values[..count]);
    }
}

/// <summary>What the observer saw in one window: the first sample, then every change.</summary>
/// <remarks><see cref="LongestGap"/>: the longest time between two replies, in Stopwatch ticks.</remarks>
internal sealed record Observation(long Start, long End, int Samples, long LongestGap, long[] Times, byte[] Values)
{
    /// <summary>The exact check's counts (see <see cref="Observer.Exactness"/>); zeros without one.</summary>
    public (long ExactPixels, long Pixels, int ExactSamples, int Samples) Exactness { get; init; }

    public double LongestGapMs => (double)LongestGap * 1000 / Stopwatch.Frequency;

    public double Seconds => (double)(End - Start) / Stopwatch.Frequency;
    public double SamplesPerSecond => Samples / Seconds;

    /// <summary>
    /// Matches each change to the frame it shows and returns the latencies (ms) from the app's
    /// "frame N t=..." timestamp (taken just before its XPutImage, so no frame can be seen earlier)
    /// to the observer's reply. Frames arrive in order, so the frame is later than the one before it
    /// and has the seen value mod 16; of those, the latest one the app had already sent (it may have
    /// skipped some). Wrong only if the frame shown is 16 or more frames older than the newest one
    /// sent, i.e. a latency of over 16 frame intervals, which the p99 would show.
    /// </summary>
    public (List<double> Latencies, int Unmatched, int MaxSkipped) Match(IReadOnlyList<(int Frame, long Time)> drawn)
    {
        var latencies = new List<double>();
        int previous = -1, unmatched = 0, maxSkipped = 0;
        for (int i = 0; i < Times.Length; i++)
        {
            if (Values[i] == 0xFF)
            {
                continue; // not the pattern (never happens once it is up, but a gap must not count)
            }

            int pick = -1;
            foreach ((int frame, long time) in drawn)
            {
                if (time > Times[i])
                {
                    break;
                }

                if (frame > previous && (frame & 15) == Values[i])
                {
                    pick = frame;
                }
            }

            if (i > 0 && pick >= 0)
            {
                maxSkipped = Math.Max(maxSkipped, pick - previous - 1);
                latencies.Add((double)(Times[i] - drawn[pick - drawn[0].Frame].Time) * 1000 / Stopwatch.Frequency);
            }
            else if (i > 0)
            {
                unmatched++;
            }

            previous = pick >= 0 ? pick : previous;
        }

        return (latencies, unmatched, maxSkipped);
    }
}

/// <summary>Which pixels the observer's exact check accepts: none (no check), the TestApp's Pattern, or also TextPattern's two colours (--scroll).</summary>
internal enum ExactCheck
{
    None,
    Pattern,
    Text,
}
