using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>The remote benchmark's report (bench/results/remote.md) with its targets, and its chart (remote.png).</summary>
internal static class RemoteReport
{
    public static string Markdown(Settings settings, IReadOnlyList<RemoteResult> results, IReadOnlyDictionary<LinkSpec, (double P50, double P99)> linkRoundTrips,
        string xpraVersion, TimeSpan elapsed, string loadAtStart)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        text.AppendLine("# Remote benchmark: GuiVirt remote qubes and xpra over emulated links").AppendLine();
        Line($"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}; the run took {elapsed.TotalMinutes:F1} min");
        Line($"- Command: `{Program.Command} --remote{settings.Options}`, as {Environment.UserName}");
        Line($"- Machine: {Environment.ProcessorCount} cores ({Report.CpuModel()}), {Report.MemoryGiB():F1} GiB; {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Line($"- Load average (1, 5, 15 min): {loadAtStart} at the start, {Report.LoadAverage()} at the end");
        Line($"- xpra: {xpraVersion}");
        Line($"- Links: {string.Join("; ", LinkSpec.All.Select(l => l.Name))}. Each is a user-space TCP relay on loopback (bench/EndToEndBench/Remote/LinkRelay.cs): half the round trip of delay each way, a serialization delay at the link's rate, a router buffer of one round trip (at least 5 ms); the relay counts the bytes each way");
        Line($"- Link check, just before each link's cases: 50 round trips of 100 bytes through a relay of the link to an echo in the benchmark: {string.Join("; ", LinkSpec.All.Where(linkRoundTrips.ContainsKey).Select(l => $"{l.Name}: p50 {linkRoundTrips[l].P50:F2} ms, p99 {linkRoundTrips[l].P99:F2} ms"))} (beyond the link's round trip: the relay's and the echo's threads waiting for a core)");
        Line($"- xpra: `xpra start` on the far side's own Xvfb with `--bind-tcp=127.0.0.1:PORT --tcp-auth=none --mmap=no`, `xpra attach tcp://127.0.0.1:RELAYPORT/ --mmap=no` on the host display; default encodings: no encoding, quality or speed option (xpra 3.1's defaults: `--encoding=auto`, all encodings allowed, automatic quality with a minimum of 30 and automatic speed: it picks per window and may send lossy pictures, refreshing them losslessly later)");
        Line($"- GuiVirt: `guivirt run --host root@127.0.0.1:RELAYPORT QUBE ...` through a private sshd behind the relay, when this checkout has remote qubes");
        Line($"- Workloads: {string.Join("; ", RemoteWorkload.All.Select(w => $"{w.Name}: {w.Width}x{w.Height} {(w.Extra.Length == 0 ? "redrawn whole" : $"`{string.Join(' ', w.Extra)}`")} at {(w.Fps == 1000 ? "free-running" : $"{w.Fps} Hz")}"))}");
        Line($"- Observer: its own process and X connection to the host display, one pixel in a tight loop for {settings.Watch.TotalSeconds:F0} s per case after {settings.WarmUp.TotalSeconds:F1} s warm-up; a lossy system's pixel is recognised within ±{XpraTcpSystem.LossyTolerance} of red and green and its frame rounded from blue. Every 100 ms it also reads the window's 128x128 pixels at +64+64 and counts those exactly as the app drew them (the Pattern, or for scrolling text one of its two colours)");
        text.AppendLine()
            .AppendLine("Delivered = distinct frames the observer saw per second; latency = the app's timestamp just before the frame's")
            .AppendLine("first X request to the observer's first sample showing it (one way: the far side draws, the host shows).")
            .AppendLine("Bytes per frame: what the relay carried far-to-host (down) and host-to-far (up) over the observed window,")
            .AppendLine("per delivered frame; per typed character: both ways per frame the app drew (typing only). CPU: user+sys of")
            .AppendLine("the far side's processes (xpra server; GuiVirt's exporter, agent and sshd) and the host side's (xpra client;")
            .AppendLine("GuiVirt's ssh, importer and daemon) per delivered frame. Exact: share of checked pixels exactly the app's,")
            .AppendLine("and samples in which all were. Max skipped: the most frames drawn but never seen between two seen ones; a frame")
            .AppendLine("is named by its number mod 16, so above 15 a latency may be matched to a frame 16 later (underestimated).")
            .AppendLine("All the processes share one small machine: read the ratios.")
            .AppendLine()
            .AppendLine("| Link | Workload | System | drawn /s | delivered /s | latency p50 ms | latency p99 ms | KiB/frame down | B/frame up | B per typed char | far CPU ms/frame | host CPU ms/frame | exact pixels | lossless samples | max skipped | load (1 min) |")
            .AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (RemoteResult r in results)
        {
            if (r.Unavailable is { } why)
            {
                Line($"| {r.Link.Name} | {r.Workload.Name} | {r.System} | {why} | | | | | | | | | | | | |");
                continue;
            }

            Line($"| {r.Link.Name} | {r.Workload.Name} | {r.System} | {r.DrawnFps:F1} | {r.DeliveredFps:F1} | {r.P50:F2} | {r.P99:F2} | {r.BytesDownPerFrame / 1024:F1} | {r.BytesUpPerFrame:F0} | {(r.Workload.IsTyping ? r.BytesPerDrawnFrame.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {r.FarCpuMsPerFrame:F2} | {r.HostCpuMsPerFrame:F2} | {100 * r.ExactFraction:F2}% | {r.ExactSamples}/{r.Samples} | {r.MaxSkipped} | {r.Load:F2} |");
        }

        text.AppendLine().AppendLine("## Targets (issue 20 item 7), per link").AppendLine();
        foreach (LinkSpec link in LinkSpec.All)
        {
            RemoteResult? Find(string workload, string system) => results.FirstOrDefault(r => r.Link == link && r.Workload.Name == workload && r.System == system && r.Unavailable is null);
            string? guivirtMissing = results.FirstOrDefault(r => r.Link == link && r.System == "GuiVirt")?.Unavailable;
            Line($"**{link.Name}**");
            text.AppendLine();
            if (Find("typing", "GuiVirt") is { } typing)
            {
                double limit = link.RoundTrip.TotalMilliseconds + 2;
                Line($"- typing latency p50 within 2 ms of the round trip (≤ {limit:F0} ms): {typing.P50:F2} ms, {(typing.P50 <= limit ? "met" : "not met")}");
                Line($"- bytes per typed character under 2 KB: {typing.BytesPerDrawnFrame:F0} B, {(typing.BytesPerDrawnFrame < 2048 ? "met" : "not met")}");
            }
            else
            {
                Line($"- typing latency p50 and bytes per typed character: not measured, GuiVirt {guivirtMissing ?? "failed"}");
            }

            foreach (string workload in RemoteWorkload.All.Where(w => !w.IsTyping).Select(w => w.Name))
            {
                if (Find(workload, "GuiVirt") is { } g && Find(workload, "xpra") is { } x)
                {
                    double ratio = g.DeliveredFps / Math.Max(0.001, x.DeliveredFps);
                    // At a fixed rate a system that shows every frame cannot go beyond the app's rate: say so when that is what bounds the ratio.
                    string ceiling = ratio < 2 && g.DeliveredFps >= 0.97 * g.DrawnFps && 2 * x.DeliveredFps > g.DrawnFps
                        ? $"; GuiVirt showed every frame the app drew ({g.DrawnFps:F1}/s): 2x xpra's would be more than the app drew"
                        : "";
                    Line($"- {workload}: delivered {g.DeliveredFps:F1}/s against xpra's {x.DeliveredFps:F1}/s = {ratio:F2}x (target ≥ 2x: {(ratio >= 2 ? "met" : "not met")}{ceiling}), lossless {(g.Lossless ? "yes" : "no")} ({100 * g.ExactFraction:F2}% exact pixels; target: {(g.Lossless ? "met" : "not met")})");
                }
                else
                {
                    Line($"- {workload} ≥ 2x xpra's frames/s, lossless: not measured, GuiVirt {guivirtMissing ?? "failed"}");
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static readonly string[] Systems = ["GuiVirt", "xpra"];
    private static readonly SKColor[] Colors = [new(0x1f, 0x6f, 0xd0), new(0xe0, 0x7b, 0x10)];

    /// <summary>Two panels (delivered frames/s; latency p50 with a whisker to p99), a group of bars per link and workload.</summary>
    public static void Chart(string path, IReadOnlyList<RemoteResult> results)
    {
        (LinkSpec Link, RemoteWorkload Workload)[] groups = [.. results.Select(r => (r.Link, r.Workload)).Distinct()];
        const int Margin = 60, GroupWidth = 80, Height = 560;
        int panelWidth = Math.Max(620, Margin + 20 + (GroupWidth * groups.Length));
        using var surface = SKSurface.Create(new SKImageInfo(panelWidth * 2, Height + 60, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var small = new SKFont(SKTypeface.Default, 11);
        using var title = new SKFont(SKTypeface.Default, 18) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, IsAntialias = true };

        void Panel(int index, string heading, Func<RemoteResult, double> value, Func<RemoteResult, double>? whisker)
        {
            float left = (index * panelWidth) + Margin, top = 62, bottom = Height - 110, right = ((index + 1) * panelWidth) - 20;
            canvas.DrawText(heading, left, 30, SKTextAlign.Left, title, ink);
            double max = results.Where(r => r.Unavailable is null).Select(r => Math.Max(Finite(value(r)), whisker is null ? 0 : Finite(whisker(r)))).DefaultIfEmpty(1).Max();
            max = max <= 0 ? 1 : max * 1.15;
            canvas.DrawLine(left, bottom, right, bottom, axis);
            canvas.DrawLine(left, top, left, bottom, axis);
            for (int tick = 0; tick <= 4; tick++)
            {
                float ty = bottom - ((bottom - top) * tick / 4f);
                canvas.DrawText((max * tick / 4).ToString(max >= 40 ? "F0" : "F1", CultureInfo.InvariantCulture), left - 6, ty + 5, SKTextAlign.Right, font, ink);
            }

            float group = (right - left) / groups.Length, bar = (group - 12) / Systems.Length;
            for (int g = 0; g < groups.Length; g++)
            {
                float gx = left + (g * group) + 6;
                for (int s = 0; s < Systems.Length; s++)
                {
                    float x = gx + (s * bar), mid = x + ((bar - 3) / 2);
                    RemoteResult? r = results.FirstOrDefault(r => r.Link == groups[g].Link && r.Workload == groups[g].Workload && r.System == Systems[s]);
                    if (r is null || r.Unavailable is not null || !double.IsFinite(value(r)))
                    {
                        canvas.DrawText("n/a", mid, bottom - 4, SKTextAlign.Center, small, ink);
                        continue;
                    }

                    float height = (float)((bottom - top) * value(r) / max);
                    using var fill = new SKPaint { Color = Colors[s] };
                    canvas.DrawRect(x, bottom - height, bar - 3, height, fill);
                    if (whisker is not null && double.IsFinite(whisker(r)))
                    {
                        float wy = bottom - (float)((bottom - top) * whisker(r) / max);
                        using var line = new SKPaint { Color = SKColors.Black, StrokeWidth = 2 };
                        canvas.DrawLine(mid, bottom - height, mid, wy, line);
                    }

                    canvas.DrawText(value(r).ToString(value(r) >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture), mid, bottom - height - 4, SKTextAlign.Center, small, ink);
                }

                string[] words = [.. groups[g].Workload.Name.Split(' ', 2), groups[g].Link.Name.Split(' ')[0] + " " + groups[g].Link.Name.Split(' ')[1]];
                for (int i = 0; i < words.Length; i++)
                {
                    canvas.DrawText(words[i], gx + ((group - 12) / 2), bottom + 18 + (16 * i), SKTextAlign.Center, font, ink);
                }
            }
        }

        Panel(0, "Delivered frames/s (observer)", r => r.DeliveredFps, null);
        Panel(1, "Latency ms: bar p50, line to p99", r => r.P50, r => r.P99);
        for (int s = 0; s < Systems.Length; s++)
        {
            using var fill = new SKPaint { Color = Colors[s] };
            canvas.DrawRect(Margin + (s * 240), Height + 20, 14, 14, fill);
            canvas.DrawText(Systems[s] == "xpra" ? "xpra over TCP (default encodings)" : "GuiVirt remote qube (ssh)", Margin + (s * 240) + 20, Height + 32, SKTextAlign.Left, font, ink);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
