using System.Globalization;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// One workload of the remote benchmark: a TestApp window at +2+2 of <see cref="Width"/>x<see cref="Height"/>
/// drawing at <see cref="Fps"/> (1000 = free-running), with <see cref="Extra"/> TestApp options; the
/// observer watches window pixel <see cref="Pixel"/> and checks <see cref="Exact"/> pixels.
/// </summary>
internal sealed record RemoteWorkload(string Name, int Width, int Height, int Fps, string[] Extra, (int X, int Y) Pixel, ExactCheck Exact)
{
    /// <summary>Typing: one 10x20 cell of an 80x24 terminal retyped 30 times a second (as the local benchmark's typing).
    /// Scrolling: the same terminal's text (TextPattern) scrolling up one 20-px line per frame (XCopyArea + the new line),
    /// 60 lines a second, with the 10x20 marker the observer watches. Animation: a 640x360 window redrawn whole per
    /// frame (the Pattern, a gradient that changes everywhere each frame) at 30 Hz (a video's rate), and again at 60 Hz
    /// (a game's or a smooth scroll's): at 30 Hz a system that shows every frame is at most 30/xpra's rate, so a
    /// ratio of 2 cannot show once xpra delivers over 15 frames/s; at 60 Hz it can. Not free-running:
    /// the observer names a frame by its number mod 16, so a system must not skip 16 frames in a row (at 30 Hz:
    /// deliver at least 2 frames/s) for the latencies to be matched unambiguously (the report's max skipped).</summary>
    public static readonly RemoteWorkload[] All =
    [
        new("typing", 800, 480, 30, ["--rect", "10x20+100+100"], (105, 110), ExactCheck.Pattern),
        new("scrolling text", 800, 480, 60, ["--rect", "10x20+100+100", "--scroll", "20"], (105, 110), ExactCheck.Text),
        new("animation 640x360", 640, 360, 30, [], (200, 150), ExactCheck.Pattern),
        new("animation 640x360 60 Hz", 640, 360, 60, [], (200, 150), ExactCheck.Pattern),
    ];

    public bool IsTyping => Name == "typing";

    public string[] Arguments(int seed) =>
    [
        "--geometry", string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}+{Workload.WindowX}+{Workload.WindowY}"),
        "--fps", Fps.ToString(CultureInfo.InvariantCulture), "--timestamps", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--title", "bench",
        .. Extra,
    ];
}
