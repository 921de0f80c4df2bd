using GuiVirt.GuiDaemon.Config;
using GuiVirt.X11;

namespace GuiVirt.Cli.Selftest;

/// <summary>Setup, capture isolation (1) and host fidelity (2).</summary>
internal sealed partial class SelftestRun
{
    private static readonly XRect AlphaWindow = new(100, 120, 400, 300), BetaWindow = new(700, 120, 400, 300), HostWindow = new(1500, 700, 320, 240);

    private ScreenImage? _baseline;

    /// <summary>The host's secret window, then one secret window in each qube, all drawn.</summary>
    private bool ShowSecrets()
    {
        bool shown = false;
        _report.Check("setup", "the host and both qubes show their secret windows", () =>
        {
            _rig.StartHostPatternApp("--seed", Seed(SelftestRig.HostSecret), "--geometry", Geometry(HostWindow), "--title", "host secret");
            _baseline = _rig.Screenshot(); // before any qube: the host's own pixels
            _rig.StartPatternApp("alpha", "--seed", Seed(SelftestRig.AlphaSecret), "--geometry", Geometry(AlphaWindow), "--title", "alpha secret", "--log", $"{SelftestRig.InsideFolder}/alpha-app.log");
            _rig.StartPatternApp("beta", "--seed", Seed(SelftestRig.BetaSecret), "--geometry", Geometry(BetaWindow), "--title", "beta secret", "--log", $"{SelftestRig.InsideFolder}/beta-app.log");
            foreach ((string title, XRect window, Secret secret) in (ReadOnlySpan<(string, XRect, Secret)>)[("[alpha] alpha secret", AlphaWindow, SelftestRig.AlphaSecret), ("[beta] beta secret", BetaWindow, SelftestRig.BetaSecret)])
            {
                _rig.WaitForWindow(w => w.Title == title, title);
                (int x, int y) = (window.X + (window.Width / 2), window.Y + (window.Height / 2)); // no frame or move: the daemon shows it where the qube put it
                Wait.Until(() => _rig.Screenshot(new XRect(x, y, 1, 1))[0, 0] == secret.Pixel(x - window.X, y - window.Y), 30, $"the pixels of {title}");
            }

            shown = true;
            return Outcome.Expect(true, "host window 320x240, alpha and beta windows 400x300 each, drawn");
        });
        return shown;
    }

    /// <summary>1. Everything a qube can capture: its root (xwd -root) and each of its top-level windows (xwd -id).</summary>
    private void CheckCaptures()
    {
        const string CaptureAll = """
            xwd -root -silent
            for window in $(xwininfo -root -children | sed -n 's/^ *\(0x[0-9a-f]*\) .*/\1/p'); do
                xwd -id "$window" -silent 2>/dev/null || true
            done
            """;
        foreach ((string qube, Secret own) in (ReadOnlySpan<(string, Secret)>)[("alpha", SelftestRig.AlphaSecret), ("beta", SelftestRig.BetaSecret)])
        {
            IReadOnlyList<ScreenImage>? captures = null;
            _report.Check("1 capture isolation", $"{qube}'s own captures (xwd of its root and of every window) show its window", () =>
            {
                captures = XwdImage.ReadAll(_rig.RunForResult(qube, "captures.xwd", CaptureAll));
                int points = captures.Sum(own.CountIn);
                return Outcome.Expect(points > 0, $"{captures.Count} images, {points} points of its own secret");
            });
            _report.Check("1 capture isolation", $"{qube}'s captures hold nothing of the other qube or the host", () =>
            {
                if (captures is null)
                {
                    return new Outcome(false, "no captures to look at");
                }

                Secret[] others = [.. new[] { SelftestRig.AlphaSecret, SelftestRig.BetaSecret, SelftestRig.HostSecret }.Where(s => s != own)];
                string seen = string.Join(", ", others.Select(s => $"{captures.Sum(s.CountIn)} points of {s.Owner}'s secret"));
                return Outcome.Expect(others.All(s => captures.Sum(s.CountIn) == 0), seen);
            });
        }
    }

    /// <summary>2. The host shows each qube's window exactly, inside a frame of its label colour, titled [qube].</summary>
    private void CheckFidelity()
    {
        foreach ((string qube, Label label, XRect window, Secret secret) in (ReadOnlySpan<(string, Label, XRect, Secret)>)[
            ("alpha", SelftestRig.Alpha, AlphaWindow, SelftestRig.AlphaSecret), ("beta", SelftestRig.Beta, BetaWindow, SelftestRig.BetaSecret)])
        {
            // Looked up inside each check, so that a missing or doubled window fails that check only.
            HostWindowInfo Shown() => _rig.Windows().Single(w => w.Qube == qube && w.Title.EndsWith($" {qube} secret", StringComparison.Ordinal));
            _report.Check("2 host fidelity", $"{qube}'s window is shown pixel-exact", () =>
            {
                ScreenImage image = _rig.Screenshot(Shown().Bounds);
                int frame = SelftestRig.FrameWidth, top = SelftestRig.StripHeight, wrong = 0;
                for (int y = top; y < image.Height - frame; y++)
                {
                    for (int x = frame; x < image.Width - frame; x++)
                    {
                        wrong += image[x, y] == secret.Pixel(x - frame, y - top) ? 0 : 1;
                    }
                }

                bool sized = image.Width == window.Width + (2 * frame) && image.Height == window.Height + frame + top; // the title strip over it
                return Outcome.Expect(sized && wrong == 0, $"{window.Width}x{window.Height} inside a {image.Width}x{image.Height} host window, {wrong} pixels differ");
            });
            _report.Check("2 host fidelity", $"{qube}'s frame is {label.Name} {label.Hex} on all four sides", () =>
            {
                (int framePixels, int wrong) = FrameOf(Shown().Bounds, label.Color);
                return Outcome.Expect(wrong == 0, $"{SelftestRig.FrameWidth} px wide: {framePixels - wrong} of {framePixels} frame pixels are {label.Hex}");
            });
            _report.Check("2 host fidelity", $"{qube}'s window is titled [{qube}] and marked as {qube}'s", () =>
            {
                HostWindowInfo found = Shown();
                (string className, string instance) = _rig.Screen.GetClass(found.Window);
                bool holds = found.Title == $"[{qube}] {qube} secret" && found.Qube == qube && className.StartsWith($"{qube}:", StringComparison.Ordinal) && instance.StartsWith($"{qube}:", StringComparison.Ordinal);
                return Outcome.Expect(holds, $"title \"{found.Title}\", _QUBES_VMNAME {found.Qube}, WM_CLASS {instance}/{className}");
            });
        }
    }

    /// <summary>
    /// The frame ring of a host window: how many pixels it has, and how many are not
    /// <paramref name="color"/>, once all are or after 10 s (the daemon draws it on the first Expose).
    /// </summary>
    private (int Pixels, int Wrong) FrameOf(XRect bounds, uint color)
    {
        (int Pixels, int Wrong) seen = (0, 0);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            ScreenImage image = _rig.Screenshot(bounds);
            int frame = SelftestRig.FrameWidth, pixels = 0, wrong = 0;
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    if (x < frame || y < frame || x >= image.Width - frame || y >= image.Height - frame)
                    {
                        pixels++;
                        wrong += image[x, y] == color ? 0 : 1;
                    }
                }
            }

            seen = (pixels, wrong);
        }
        while (seen.Wrong > 0 && DateTime.UtcNow < deadline && Pause());
        return seen;
    }

    private static bool Pause()
    {
        Thread.Sleep(100);
        return true;
    }

    private static string Seed(Secret secret) => secret.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Geometry(XRect r) => FormattableString.Invariant($"{r.Width}x{r.Height}+{r.X}+{r.Y}");
}
