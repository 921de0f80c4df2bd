using GuiVirt.GuiDaemon.Control;
using GuiVirt.X11;

namespace GuiVirt.Cli.Selftest;

/// <summary>Forgery (3) and a killed qube (6).</summary>
internal sealed partial class SelftestRun
{
    /// <summary>A title claiming the host and beta, with an escape sequence, a bell and a right-to-left override.</summary>
    private const string ForgedTitle = "[host] [beta] \u001b]0;root\u0007 \u202Etxt.exe";

    /// <summary>
    /// The label colour, the strip's text ink (black or white) or a blend of the two (the text's
    /// anti-aliased edges): each channel between label and ink, all at the same mix, within 4.
    /// </summary>
    private static bool IsLabelOrInk(uint pixel, uint label)
    {
        foreach (int ink in (ReadOnlySpan<int>)[0, 255])
        {
            double? mix = null;
            bool fits = true;
            for (int shift = 16; shift >= 0 && fits; shift -= 8)
            {
                int l = (int)(label >> shift) & 0xFF, p = (int)(pixel >> shift) & 0xFF;
                if (Math.Abs(l - ink) < 40)
                {
                    fits = Math.Abs(p - l) <= 40; // a channel close to the ink tells little of the mix
                    continue;
                }

                double t = (p - ink) / (double)(l - ink);
                fits = t is >= -0.03 and <= 1.03 && (mix is not double m || Math.Abs(t - m) * Math.Abs(l - ink) <= 4);
                mix ??= t;
            }

            if (fits)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>3. What a qube cannot pass off as the host's or another qube's.</summary>
    private void CheckForgery()
    {
        _report.Check("3 forgery", "no qube pixel outside its window: the 16 px around both qube windows are the host's", () =>
        {
            ScreenImage now = _rig.Screenshot();
            int compared = 0, changed = 0;
            foreach (XRect window in (ReadOnlySpan<XRect>)[AlphaWindow, BetaWindow])
            {
                int frame = SelftestRig.FrameWidth, margin = 16;
                for (int y = Math.Max(0, window.Y - frame - margin); y < Math.Min(now.Height, window.Y + window.Height + frame + margin); y++)
                {
                    for (int x = Math.Max(0, window.X - frame - margin); x < Math.Min(now.Width, window.X + window.Width + frame + margin); x++)
                    {
                        bool inside = x >= window.X - frame && x < window.X + window.Width + frame && y >= window.Y - SelftestRig.StripHeight && y < window.Y + window.Height + frame;
                        if (!inside)
                        {
                            compared++;
                            changed += now[x, y] == _baseline![x, y] ? 0 : 1;
                        }
                    }
                }
            }

            return Outcome.Expect(changed == 0, $"{changed} of {compared} pixels differ from the screen before the qubes started");
        });

        _report.Check("3 forgery", "no qube pixel on the title strip: only the label colour and the daemon's text", () =>
        {
            var strip = new XRect(AlphaWindow.X - SelftestRig.FrameWidth, AlphaWindow.Y - SelftestRig.StripHeight, AlphaWindow.Width + (2 * SelftestRig.FrameWidth), SelftestRig.StripHeight);
            ScreenImage image = _rig.Screenshot(strip);
            int foreign = 0, ink = 0;
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    uint pixel = image[x, y];
                    foreign += IsLabelOrInk(pixel, SelftestRig.Alpha.Color) ? 0 : 1;
                    ink += pixel == SelftestRig.Alpha.Color ? 0 : 1;
                }
            }

            return Outcome.Expect(foreign == 0 && ink > 50, $"{foreign} of {image.Width * image.Height} strip pixels neither label nor text, {ink} of text");
        });

        _report.Check("3 forgery", "a forged title keeps the real [alpha] prefix, controls and bidi overrides neutralized", () =>
        {
            _rig.StartPatternApp("alpha", "--seed", Seed(SelftestRig.AlphaSecret), "--geometry", "360x60+100+600", "--title", ForgedTitle);
            HostWindowInfo forged = _rig.WaitForWindow(w => w.Qube == "alpha" && w.Title.Contains("txt", StringComparison.Ordinal), "the window with the forged title");
            string title = forged.Title;
            bool neutral = !title.Any(c => char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));
            (_, int wrongFrame) = FrameOf(forged.Bounds, SelftestRig.Alpha.Color);
            bool holds = title.StartsWith("[alpha] [host] [beta] ", StringComparison.Ordinal) && neutral && wrongFrame == 0;
            return Outcome.Expect(holds, $"shown as \"{Printable(title)}\", frame {(wrongFrame == 0 ? SelftestRig.Alpha.Name : $"{wrongFrame} pixels off")}");
        });

        _report.Check("3 forgery", "a screen-covering override-redirect window is managed and framed", () =>
        {
            _rig.StartPatternApp("alpha", "--seed", Seed(SelftestRig.AlphaSecret), "--override-redirect", "--geometry", $"{SelftestRig.ScreenWidth}x{SelftestRig.ScreenHeight}+0+0");
            HostWindowInfo cover = _rig.WaitForWindow(w => w.Qube == "alpha" && (long)w.Bounds.Width * w.Bounds.Height * 10 >= (long)SelftestRig.ScreenWidth * SelftestRig.ScreenHeight * 9, "the screen-covering window");
            (int pixels, int wrong) = FrameOf(cover.Bounds, SelftestRig.Alpha.Color);
            bool holds = !cover.Geometry.OverrideRedirect && wrong == 0;
            return Outcome.Expect(holds, $"{cover.Bounds.Width}x{cover.Bounds.Height}, override-redirect on the host: {cover.Geometry.OverrideRedirect}, {pixels - wrong} of {pixels} frame pixels {SelftestRig.Alpha.Hex}");
        });

        foreach ((string title, string geometry) in (ReadOnlySpan<(string, string)>)[("oversized", "3000x400+0+640"), ("off-screen", "300x200+2600+1600")])
        {
            _report.Check("3 forgery", $"an {title} window ({geometry}) is kept on the screen, framed", () =>
            {
                _rig.StartPatternApp("alpha", "--seed", Seed(SelftestRig.AlphaSecret), "--geometry", geometry, "--title", title);
                HostWindowInfo shown = _rig.WaitForWindow(w => w.Title == $"[alpha] {title}", $"the {title} window");
                XRect b = shown.Bounds;
                bool onScreen = b.X >= 0 && b.Y >= 0 && b.X + b.Width <= SelftestRig.ScreenWidth && b.Y + b.Height <= SelftestRig.ScreenHeight;
                (_, int wrong) = FrameOf(b, SelftestRig.Alpha.Color);
                return Outcome.Expect(onScreen && wrong == 0, FormattableString.Invariant($"shown at {b.Width}x{b.Height}+{b.X}+{b.Y}, frame {(wrong == 0 ? "complete" : $"{wrong} pixels off")}"));
            });
        }
    }

    /// <summary>6. Alpha is killed (its sandbox, SIGKILL): nothing of it may stay on the screen; beta stays.</summary>
    private void CheckKilledQube()
    {
        _report.Check("6 killed qube", "after alpha is killed none of its pixels remain; beta's window stays", () =>
        {
            ControlResponse stopped = _rig.Daemon.Send(new ControlRequest("stop", "alpha"));
            Wait.Until(() => !_rig.Windows().Any(w => w.Qube == "alpha"), 20, "alpha's windows to leave the screen");
            // The windows that were under alpha's are exposed and redrawn by the daemon.
            ScreenImage screen = _rig.Screenshot();
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while ((Leftovers(screen) > 0 || SelftestRig.BetaSecret.CountIn(screen) == 0) && DateTime.UtcNow < deadline && Pause())
            {
                screen = _rig.Screenshot();
            }

            int secretPoints = SelftestRig.AlphaSecret.CountIn(screen), framePixels = screen.Count(SelftestRig.Alpha.Color), beta = SelftestRig.BetaSecret.CountIn(screen);
            return Outcome.Expect(stopped.Ok && secretPoints == 0 && framePixels == 0 && beta > 0,
                $"{stopped.Message}; {secretPoints} points of alpha's secret, {framePixels} pixels of {SelftestRig.Alpha.Hex} left; beta's secret still at {beta} points");
        });
    }

    private static int Leftovers(ScreenImage screen) => SelftestRig.AlphaSecret.CountIn(screen) + screen.Count(SelftestRig.Alpha.Color);

    /// <summary>A title for the table: anything unprintable as \uXXXX.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || c > '\u007E' ? $"\\u{(int)c:X4}" : c.ToString()));
}
