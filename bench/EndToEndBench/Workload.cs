using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One window workload: a TestApp of <see cref="Width"/>x<see cref="Height"/> at +2+2 animating at
/// <see cref="Fps"/> (1000 = free-running: as fast as the app can draw), redrawing the whole window
/// per frame, or only <see cref="Rect"/> (small updates). The observer watches the screen pixel
/// <see cref="Pixel"/> of the window, which must lie in the redrawn area and in the pattern's first tile.
/// <see cref="Host"/>: what else runs meanwhile: nothing, `stress-ng --cpu N` on the host, or a
/// CPU-burning app beside the window (in the same qube for GuiVirt).
/// </summary>
internal sealed record Workload(string Name, int Width, int Height, int Fps, string? Rect, (int X, int Y) Pixel)
{
    /// <summary>What runs beside the window during the case.</summary>
    public Contention Host { get; init; }

    /// <summary>
    /// The qube's <c>upscale</c>: 2 runs the window in <see cref="GuiVirtSystem.UpscaledQube"/>, shown
    /// twice as large by the host X server; only GuiVirt has such a case (xpra and the limit do not
    /// scale). <see cref="X"/>, <see cref="Y"/> and <see cref="Pixel"/> are then the qube's.
    /// </summary>
    public int Upscale { get; init; } = 1;

    /// <summary>
    /// GuiVirt only: the configured qube the window runs in (<see cref="GuiVirtSystem"/> writes its
    /// config), instead of the bench qube; xpra and the limit have no such case.
    /// </summary>
    public string? Qube { get; init; }

    /// <summary>Where the window asks to be (the window workloads: +2+2).</summary>
    public int X { get; init; } = WindowX;

    public int Y { get; init; } = WindowY;

    /// <summary>Where every window asks to be. The daemon keeps its 2-px frame on the screen, so a
    /// qube window at +0+0 would be shown at +2+2; at +2+2 it is shown where it is, for every system.</summary>
    public const int WindowX = 2, WindowY = 2;

    public static readonly Workload[] Quiet =
    [
        new("3840x2160 free", 3840, 2160, 1000, null, (200, 150)),
        new("3840x2160 60 Hz", 3840, 2160, 60, null, (200, 150)),
        new("1920x1080 free", 1920, 1080, 1000, null, (200, 150)),
        new("1920x1080 60 Hz", 1920, 1080, 60, null, (200, 150)),
        new("1280x720 free", 1280, 720, 1000, null, (200, 150)),
        new("1280x720 60 Hz", 1280, 720, 60, null, (200, 150)),
        // A terminal of 80x24 cells of 10x20 pixels; one cell is retyped 30 times a second.
        new("typing 10x20 30 Hz", 800, 480, 30, "10x20+100+100", (105, 110)),
    ];

    /// <summary>Every quiet workload again with `stress-ng --cpu N` (N = cores) running on the host.</summary>
    public static Workload[] Loaded => [.. Quiet.Select(w => w with { Name = w.Name + " loaded", Host = Contention.Loaded })];

    /// <summary>
    /// Item 3 of issue 17: a 1920x1080 window at 60 Hz while an app beside it burns every core
    /// (stress-ng --cpu N in the same qube for GuiVirt; on the host for xpra and the limit, where an
    /// app is a host process anyway).
    /// </summary>
    public static readonly Workload BusyApp = new("1920x1080 60 Hz busy app", 1920, 1080, 60, null, (200, 150)) { Host = Contention.BusyApp };

    /// <summary>
    /// Issue 19's target: a 1920x1080 window at 60 Hz in an upscale = 2 qube, shown at 3840x2160 on
    /// the host (the daemon keeps it on the 4K screen: the frame takes its outermost 2 pixels).
    /// At +1+1 in the qube its pixels start at +2+2 on the host, as every other case's; the observer
    /// watches qube pixel (100, 75), host pixel (202, 152).
    /// </summary>
    public static readonly Workload Upscaled = new("1080p upscaled 2x to 4K 60 Hz", 1920, 1080, 60, null, (200, 150)) { Upscale = 2, X = 1, Y = 1, Qube = GuiVirtSystem.UpscaledQube };

    /// <summary>
    /// The 1080p loaded cases again in a qube of <c>cpu_weight</c> 200 (GuiVirt only): under
    /// contention a qube's app and the qube's own X server share the qube's weight, where the
    /// limit's app and the host's X server have one weight each. Compared with the limit's rows
    /// of the same workloads, this shows what that costs.
    /// </summary>
    public static Workload[] Weighted =>
    [
        .. Loaded.Where(w => w.Name is "1920x1080 60 Hz loaded" or "1920x1080 free loaded")
            .Select(w => w with { Name = w.Name + WeightedSuffix, Qube = GuiVirtSystem.WeightedQube }),
    ];

    /// <summary>What a weighted case's name adds to its loaded case's (the report finds the limit's row by it).</summary>
    public static readonly string WeightedSuffix = $", qube weight {GuiVirtSystem.WeightedCpuWeight}";

    /// <summary>The TestApp's arguments besides --display and --log.</summary>
    public string[] Arguments(int seed) =>
    [
        "--geometry", string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}+{X}+{Y}"),
        "--fps", Fps.ToString(CultureInfo.InvariantCulture), "--timestamps", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--title", "bench",
        .. Rect is null ? Array.Empty<string>() : ["--rect", Rect],
    ];
}

/// <summary>What runs beside a case's window.</summary>
internal enum Contention
{
    /// <summary>Nothing but the benchmark (and whatever else the machine runs: the load column).</summary>
    Quiet,

    /// <summary>`stress-ng --cpu N` on the host, N = the number of cores.</summary>
    Loaded,

    /// <summary>`stress-ng --cpu N` as an app of the system: in the window's qube for GuiVirt.</summary>
    BusyApp,
}
