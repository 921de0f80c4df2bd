using GuiVirt.X11;

namespace GuiVirt.Cli.Selftest;

/// <summary>
/// 7. The alpha floor (docs/security.md section 23): a translucent (ARGB) window of a qube is never
/// less opaque than the floor, its fully transparent pixels show the label colour at the floor, and
/// its frame and title strip stay opaque.
/// </summary>
internal sealed partial class SelftestRun
{
    private const int GlassSeed = 21;

    /// <summary>Where beta's translucent window goes: clear of every other window of the checks.</summary>
    private static readonly XRect GlassWindow = new(1300, 500, 160, 100);

    /// <summary>The default <c>min_opacity</c>, 0.25, as an 8-bit alpha rounded up.</summary>
    private const uint FloorAlpha = 64;

    private void CheckAlphaFloor()
    {
        _report.Check("7 alpha floor", $"beta's translucent window is at least {FloorAlpha}/255 opaque everywhere, the label where it is transparent, framed opaque", () =>
        {
            // The pattern app's --argb window: every alpha from 0 to 255, A = (7x + 3y + seed) mod 256 (TestApp's ArgbPattern).
            _rig.StartPatternApp("beta", "--argb", "--seed", $"{GlassSeed}", "--geometry", FormattableString.Invariant($"{GlassWindow.Width}x{GlassWindow.Height}+{GlassWindow.X}+{GlassWindow.Y}"), "--title", "beta glass");
            HostWindowInfo glass = _rig.WaitForWindow(w => w.Qube == "beta" && w.Title == "[beta] beta glass", "beta's translucent window", 60);
            uint label = SelftestRig.Beta.Color;
            uint backdrop = Backdrop(label, FloorAlpha);
            int frame = SelftestRig.FrameWidth, top = SelftestRig.StripHeight;
            (int below, int transparentWrong, int transparent, int trustedWrong, int translucent) seen = default;
            DateTime deadline = DateTime.UtcNow.AddSeconds(20);
            do
            {
                // The host window itself, read with its alpha (XGetImage of a 32-bit window).
                byte[] bytes = _rig.Screen.TryGetImage(glass.Window, new XRect(0, 0, glass.Bounds.Width, glass.Bounds.Height)) ?? [];
                seen = default;
                for (int y = 0; bytes.Length > 0 && y < glass.Bounds.Height; y++)
                {
                    for (int x = 0; x < glass.Bounds.Width; x++)
                    {
                        uint pixel = BitConverter.ToUInt32(bytes, ((y * glass.Bounds.Width) + x) * 4);
                        if (x < frame || y < top || x >= glass.Bounds.Width - frame || y >= glass.Bounds.Height - frame)
                        {
                            seen.trustedWrong += pixel >> 24 == 255 ? 0 : 1; // frame and strip: opaque
                            continue;
                        }

                        seen.below += pixel >> 24 >= FloorAlpha ? 0 : 1;
                        seen.translucent += pixel >> 24 < 255 ? 1 : 0;
                        if (((7 * (x - frame)) + (3 * (y - top)) + GlassSeed) % 256 == 0)
                        {
                            seen.transparent++;
                            seen.transparentWrong += pixel == backdrop ? 0 : 1;
                        }
                    }
                }
            }
            while (!HoldsFloor(seen) && DateTime.UtcNow < deadline && Pause());

            return Outcome.Expect(
                HoldsFloor(seen),
                $"depth {glass.Geometry.Depth}; {seen.below} content pixels below the floor, {seen.translucent} translucent, {seen.transparent - seen.transparentWrong} of {seen.transparent} transparent ones exactly the label at the floor (#{backdrop:X8}), {seen.trustedWrong} frame or strip pixels not opaque");

            bool HoldsFloor((int Below, int TransparentWrong, int Transparent, int TrustedWrong, int Translucent) s) =>
                glass.Geometry.Depth == 32 && s.Below == 0 && s.TransparentWrong == 0 && s.Transparent > 0 && s.TrustedWrong == 0 && s.Translucent > 0;
        });
    }

    /// <summary>The label at <paramref name="alpha"/>, premultiplied with rounding: the daemon's backdrop (GuiDaemon/Session/AlphaFloor).</summary>
    private static uint Backdrop(uint label, uint alpha)
    {
        uint Channel(int shift) => ((((label >> shift) & 0xFF) * alpha) + 127) / 255;
        return (alpha << 24) | (Channel(16) << 16) | (Channel(8) << 8) | Channel(0);
    }
}
