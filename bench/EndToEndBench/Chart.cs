using System.Globalization;
using SkiaSharp;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// The results as a PNG (SkiaSharp on the CPU): per workload, one bar per system for delivered
/// frames/s, latency (bar p50, whisker to p99) and proxy CPU per delivered frame.
/// </summary>
internal static class Chart
{
    private const int PanelHeight = 520, Margin = 60, GroupWidth = 90;
    private static readonly string[] Systems = ["GuiVirt", "xpra", "limit"];
    private static readonly SKColor[] Colors = [new(0x1f, 0x6f, 0xd0), new(0xe0, 0x7b, 0x10), new(0x60, 0x60, 0x60)];

    public static void Save(string path, IReadOnlyList<CaseResult> results, IReadOnlyList<ScaleResult> scale)
    {
        string[] workloads = [.. results.Select(r => r.Workload.Name).Distinct()];
        // Wide enough for every workload's group of bars and its two-line name.
        int panelWidth = Math.Max(620, Margin + 20 + (GroupWidth * workloads.Length));
        using var surface = SKSurface.Create(new SKImageInfo(panelWidth * 3, PanelHeight + 90, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var title = new SKFont(SKTypeface.Default, 18) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        Panel(canvas, 0, panelWidth, "Delivered frames/s (observer)", workloads, results, r => r.DeliveredFps, null, double.PositiveInfinity, font, title, ink);
        // A p99 of hundreds of ms (a stall on a busy machine) would flatten every p50: the axis stops at 50 ms.
        Panel(canvas, 1, panelWidth, "Latency ms: bar p50, line to p99", workloads, results, r => r.P50, r => r.P99, 50, font, title, ink);
        Panel(canvas, 2, panelWidth, "Proxy CPU ms per delivered frame", workloads, results, r => r.ProxyCpuMsPerFrame ?? double.NaN, null, double.PositiveInfinity, font, title, ink);

        // Legend and the scale part in one line at the bottom.
        float y = PanelHeight + 40;
        for (int s = 0; s < Systems.Length; s++)
        {
            using var fill = new SKPaint { Color = Colors[s] };
            canvas.DrawRect(Margin + (s * 160), y - 12, 14, 14, fill);
            canvas.DrawText(Systems[s] == "limit" ? "limit (direct draw)" : Systems[s], Margin + (s * 160) + 20, y, SKTextAlign.Left, font, ink);
        }

        if (scale.LastOrDefault(r => r.Animating is null) is { } most)
        {
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture,
                $"GuiVirt daemon idle with {most.Qubes} qubes x {most.Windows / Math.Max(1, most.Qubes)} windows: {most.DaemonCpuPercent:F2}% of a core, {most.DaemonRss:F0} MiB"),
                Margin + 560, y, SKTextAlign.Left, font, ink);
        }

        if (scale.LastOrDefault(r => r.Animating is not null) is { Animating: { } animating } step)
        {
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture,
                $"{step.Qubes} qubes, {step.Windows} idle windows + {animating.Count} animating at 30 Hz: delivered {string.Join(" / ", animating.Select(a => a.DeliveredFps.ToString("F1", CultureInfo.InvariantCulture)))} frames/s, daemon {step.DaemonCpuPercent:F1}% of a core"),
                Margin + 1300, y, SKTextAlign.Left, font, ink);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    private static void Panel(SKCanvas canvas, int index, int panelWidth, string heading, string[] workloads, IReadOnlyList<CaseResult> results,
        Func<CaseResult, double> value, Func<CaseResult, double>? whisker, double cap, SKFont font, SKFont title, SKPaint ink)
    {
        float left = (index * panelWidth) + Margin, top = 62, bottom = PanelHeight - 90, right = ((index + 1) * panelWidth) - 20;
        canvas.DrawText(heading, left, 30, SKTextAlign.Left, title, ink);
        double max = results.Select(r => Math.Max(Finite(value(r)), whisker is null ? 0 : Finite(whisker(r)))).DefaultIfEmpty(1).Max();
        max = max <= 0 ? 1 : Math.Min(max * 1.15, cap);
        using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, IsAntialias = true };
        canvas.DrawLine(left, bottom, right, bottom, axis);
        canvas.DrawLine(left, top, left, bottom, axis);
        for (int tick = 0; tick <= 4; tick++)
        {
            float ty = bottom - ((bottom - top) * tick / 4f);
            canvas.DrawLine(left - 4, ty, left, ty, axis);
            canvas.DrawText((max * tick / 4).ToString(max >= 40 ? "F0" : "F1", CultureInfo.InvariantCulture), left - 6, ty + 5, SKTextAlign.Right, font, ink);
        }

        float group = (right - left) / workloads.Length, bar = (group - 16) / Systems.Length;
        using var small = new SKFont(font.Typeface, 11);
        for (int w = 0; w < workloads.Length; w++)
        {
            float gx = left + (w * group) + 8;
            for (int s = 0; s < Systems.Length; s++)
            {
                if (results.FirstOrDefault(r => r.Workload.Name == workloads[w] && r.System == Systems[s]) is not { } r || !double.IsFinite(value(r)))
                {
                    continue;
                }

                float x = gx + (s * bar), height = (float)((bottom - top) * Math.Min(value(r), max) / max);
                using var fill = new SKPaint { Color = Colors[s] };
                canvas.DrawRect(x, bottom - height, bar - 3, height, fill);
                if (whisker is not null && double.IsFinite(whisker(r)))
                {
                    float wy = bottom - (float)((bottom - top) * Math.Min(whisker(r), max) / max);
                    using var line = new SKPaint { Color = SKColors.Black, StrokeWidth = 2 };
                    canvas.DrawLine(x + ((bar - 3) / 2), bottom - height, x + ((bar - 3) / 2), wy, line);
                    canvas.DrawLine(x + 2, wy, x + bar - 5, wy, line);
                    if (whisker(r) > max)
                    {
                        // Off the axis: its value is written at the top instead.
                        canvas.DrawText(whisker(r).ToString("F0", CultureInfo.InvariantCulture), x + ((bar - 3) / 2), top - 16, SKTextAlign.Center, small, ink);
                    }
                }

                // A bar cut at the axis' top gets its value inside, below the p99 written above it.
                float labelY = value(r) > max ? bottom - height + 14 : bottom - height - 4;
                canvas.DrawText(value(r).ToString(value(r) >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture), x + ((bar - 3) / 2), labelY, SKTextAlign.Center, small, ink);
            }

            // The workload's name under its group, in two lines ("1920x1080" / "free").
            string[] words = workloads[w].Split(' ', 2);
            canvas.DrawText(words[0], gx + ((group - 16) / 2), bottom + 18, SKTextAlign.Center, font, ink);
            if (words.Length > 1)
            {
                canvas.DrawText(words[1], gx + ((group - 16) / 2), bottom + 36, SKTextAlign.Center, font, ink);
            }
        }
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
