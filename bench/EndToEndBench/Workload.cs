using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// One window workload: a TestApp of <see cref="Width"/>x<see cref="Height"/> at +2+2 animating at
/// <see cref="Fps"/> (1000 = free-running: as fast as the app can draw), redrawing the whole window
/// per frame, or only <see cref="Rect"/> (small updates). The observer watches the screen pixel
/// <see cref="Pixel"/> of the window, which must lie in the redrawn area and in the pattern's first tile.
/// </summary>
internal sealed record Workload(string Name, int Width, int Height, int Fps, string? Rect, (int X, int Y) Pixel)
{
    /// <summary>Where every window asks to be. The daemon keeps its 2-px frame on the screen, so a
    /// qube window at +0+0 would be shown at +2+2; at +2+2 it is shown where it is, for every system.</summary>
    public const int WindowX = 2, WindowY = 2;

    public static readonly Workload[] All =
    [
        new("1920x1080 free", 1920, 1080, 1000, null, (200, 150)),
        new("1920x1080 60 Hz", 1920, 1080, 60, null, (200, 150)),
        new("1280x720 free", 1280, 720, 1000, null, (200, 150)),
        new("1280x720 60 Hz", 1280, 720, 60, null, (200, 150)),
        // A terminal of 80x24 cells of 10x20 pixels; one cell is retyped 30 times a second.
        new("typing 10x20 30 Hz", 800, 480, 30, "10x20+100+100", (105, 110)),
    ];

    /// <summary>The TestApp's arguments besides --display and --log.</summary>
    public string[] Arguments(int seed) =>
    [
        "--geometry", string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}+{WindowX}+{WindowY}"),
        "--fps", Fps.ToString(CultureInfo.InvariantCulture), "--timestamps", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--title", "bench",
        .. Rect is null ? Array.Empty<string>() : ["--rect", Rect],
    ];
}
