using System.Globalization;
using GuiVirt.X11;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The observer as its own process (this program run as `observe ...`): its own X connection to
/// the host display, nothing shared with the system under test or with the benchmark's bookkeeping.
/// It prints, one per line: "origin X Y" once the case's pattern is on the screen, "watching" when
/// the measured window starts, "done START END SAMPLES LONGEST_GAP" when it ends, then "change TIME VALUE" for
/// the first sample and each change (Stopwatch ticks, CLOCK_MONOTONIC), and "end". An error is one
/// "error MESSAGE" line and exit code 1.
/// </summary>
internal static class ObserverProcess
{
    public const string Command = "observe";

    /// <summary>The child side (this program started as `observe ...`): `observe DISPLAY PIXEL_X PIXEL_Y EXPECT_X EXPECT_Y SEED WARMUP_S WATCH_S INTERVAL_MS`.</summary>
    public static int Run(string[] args)
    {
        if (args is not [var display, var px, var py, var ex, var ey, var seedText, var warmUp, var watch, var interval, .. var more] || more.Length is not (0 or 2)
            || (more.Length == 2 && !Enum.TryParse(more[1], out ExactCheck _)))
        {
            Console.WriteLine("error usage: observe DISPLAY PIXEL_X PIXEL_Y EXPECT_X EXPECT_Y SEED WARMUP_S WATCH_S INTERVAL_MS [TOLERANCE None|Pattern|Text]");
            return 2;
        }

        int tolerance = more.Length == 2 ? int.Parse(more[0], CultureInfo.InvariantCulture) : 0;
        ExactCheck exact = more.Length == 2 ? Enum.Parse<ExactCheck>(more[1]) : ExactCheck.None;

        int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
        double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);
        try
        {
            using XDisplay screen = XDisplay.Open(display);
            var observer = new Observer(screen, Int(px), Int(py), tolerance, exact);
            int seed = Int(seedText);
            observer.WaitFor(seed, Int(ex), Int(ey), $"the pattern of seed {seed}", TimeSpan.FromSeconds(30));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"origin {observer.WindowOrigin.X} {observer.WindowOrigin.Y}"));
            Thread.Sleep(TimeSpan.FromSeconds(Seconds(warmUp)));
            Console.WriteLine("watching");
            Console.Out.Flush();
            Observation seen = observer.Watch(seed, TimeSpan.FromSeconds(Seconds(watch)), TimeSpan.FromMilliseconds(Seconds(interval)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {seen.Start} {seen.End} {seen.Samples} {seen.LongestGap}"));
            (long exactPixels, long pixels, int exactSamples, int exactChecks) = observer.Exactness;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact {exactPixels} {pixels} {exactSamples} {exactChecks}"));
            Console.Out.Flush();
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < seen.Times.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"change {seen.Times[i]} {seen.Values[i]}\n");
            }

            Console.Write(text.Append("end\n").ToString());
            return 0;
        }
        catch (Exception e) when (e is XException or TimeoutException)
        {
            Console.WriteLine($"error {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The benchmark's side: starts the observer for one case and blocks until it is done.
    /// <paramref name="onWatching"/> and <paramref name="onDone"/> run when the measured window
    /// starts and ends (the caller reads CPU times there), as close to them as a pipe allows.
    /// </summary>
    public static (Observation Seen, (int X, int Y) Origin) Run(string display, (int X, int Y) pixel, (int X, int Y) expected, int seed,
        TimeSpan warmUp, TimeSpan watch, TimeSpan sampleInterval, Action onWatching, Action onDone, int tolerance = 0, ExactCheck exact = ExactCheck.None)
    {
        (long, long, int, int) exactness = default;
        var changes = new List<(long Time, byte Value)>();
        long start = 0, end = 0, longestGap = 0;
        int samples = 0;
        bool ended = false;
        (int X, int Y) origin = default;
        void OnLine(string line)
        {
            string[] words = line.Split(' ');
            switch (words[0])
            {
                case "origin":
                    origin = (int.Parse(words[1], CultureInfo.InvariantCulture), int.Parse(words[2], CultureInfo.InvariantCulture));
                    break;
                case "watching":
                    onWatching();
                    break;
                case "done":
                    onDone();
                    (start, end, samples, longestGap) = (long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[2], CultureInfo.InvariantCulture),
                        int.Parse(words[3], CultureInfo.InvariantCulture), long.Parse(words[4], CultureInfo.InvariantCulture));
                    break;
                case "change":
                    lock (changes)
                    {
                        changes.Add((long.Parse(words[1], CultureInfo.InvariantCulture), byte.Parse(words[2], CultureInfo.InvariantCulture)));
                    }

                    break;
                case "exact":
                    exactness = (long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[2], CultureInfo.InvariantCulture),
                        int.Parse(words[3], CultureInfo.InvariantCulture), int.Parse(words[4], CultureInfo.InvariantCulture));
                    break;
                case "end":
                    ended = true;
                    break;
            }
        }

        string self = typeof(ObserverProcess).Assembly.Location;
        string[] arguments = [Command, display, .. new[] { pixel.X, pixel.Y, expected.X, expected.Y, seed }.Select(v => v.ToString(CultureInfo.InvariantCulture)),
            warmUp.TotalSeconds.ToString(CultureInfo.InvariantCulture), watch.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            sampleInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            .. exact == ExactCheck.None && tolerance == 0 ? Array.Empty<string>() : [tolerance.ToString(CultureInfo.InvariantCulture), exact.ToString()]];
        using ChildProcess observer = ChildProcess.Dotnet("observer", self, arguments, OnLine);
        int? exit = observer.WaitForExit(60 + warmUp.TotalSeconds + watch.TotalSeconds);
        if (exit != 0 || !ended)
        {
            throw new TimeoutException($"the observer (seed {seed} on {display}) failed: exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "none"}:\n{observer.Log}");
        }

        lock (changes)
        {
            return (new Observation(start, end, samples, longestGap, [.. changes.Select(c => c.Time)], [.. changes.Select(c => c.Value)]) { Exactness = exactness }, origin);
        }
    }
}
