using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.Daemon.Tests.Session;

/// <summary>
/// The icon tint against HSL done in floating point (as Qubes' imgconverter does it with Python's
/// colorsys): every pixel keeps its lightness, takes the label's hue and saturation.
/// </summary>
public sealed class LabelTintTests
{
    public static TheoryData<string> Labels => [.. Label.Names];

    [Theory]
    [MemberData(nameof(Labels))]
    public void EveryColourIsWithinOneOfFloatingPointHsl(string name)
    {
        uint label = Label.TryParse(name)!.Color;
        (double h, _, double s) = ToHls((label >> 16) & 0xFF, (label >> 8) & 0xFF, label & 0xFF);
        int worst = 0;
        for (int r = 0; r < 256; r += 3)
        {
            for (int g = 0; g < 256; g += 5)
            {
                for (int b = 0; b < 256; b += 7)
                {
                    uint tinted = LabelTint.Tint(r, g, b, label);
                    (_, double l, _) = ToHls((uint)r, (uint)g, (uint)b);
                    (double er, double eg, double eb) = FromHls(h, l, s);
                    worst = Math.Max(worst, Difference(tinted >> 16, er));
                    worst = Math.Max(worst, Difference((tinted >> 8) & 0xFF, eg));
                    worst = Math.Max(worst, Difference(tinted & 0xFF, eb));
                    Assert.True(tinted <= 0xFFFFFF);
                }
            }
        }

        Assert.True(worst <= 1, $"{name}: a channel differs by {worst} from floating-point HSL");
    }

    [Fact]
    public void TheIconKeepsItsAlphaAndSizeAndIsACopy()
    {
        byte[] argb = [0x10, 0x20, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0xFF]; // B, G, R, A: three pixels
        nint[] icon = LabelTint.ToNetWmIcon(3, 1, argb, 0xCC0000);
        Assert.Equal([3, 1], icon[..2]);
        Assert.Equal([0x00u, 0x80u, 0xFFu], icon[2..].Select(p => (uint)p >> 24));
        Assert.Equal(0x80FF_FFFFu, (uint)icon[3]); // white stays white
        Assert.Equal(0xFF00_0000u, (uint)icon[4]); // black stays black
        Assert.Throws<ArgumentException>(() => LabelTint.ToNetWmIcon(2, 2, argb, 0xCC0000)); // not exactly 2 x 2 x 4
    }

    [Fact]
    public void AGreyLabelMakesGrey()
    {
        Assert.Equal(0x404040u, LabelTint.Tint(0x80, 0, 0, 0x000000)); // lightness of pure red 0x80: (0x80 + 0) / 2
        Assert.Equal(0x808080u, LabelTint.Tint(0xFF, 0, 0x01, 0x555555));
    }

    private static int Difference(uint channel, double expected) => (int)Math.Abs(channel - Math.Round(expected * 255));

    // colorsys.rgb_to_hls and hls_to_rgb, in doubles.
    private static (double H, double L, double S) ToHls(uint r8, uint g8, uint b8)
    {
        double r = r8 / 255.0, g = g8 / 255.0, b = b8 / 255.0;
        double max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b)), l = (max + min) / 2;
        if (max == min)
        {
            return (0, l, 0);
        }

        double s = l <= 0.5 ? (max - min) / (max + min) : (max - min) / (2 - max - min);
        double rc = (max - r) / (max - min), gc = (max - g) / (max - min), bc = (max - b) / (max - min);
        double h = r == max ? bc - gc : g == max ? 2 + rc - bc : 4 + gc - rc;
        return ((h / 6 % 1 + 1) % 1, l, s);
    }

    private static (double R, double G, double B) FromHls(double h, double l, double s)
    {
        if (s == 0)
        {
            return (l, l, l);
        }

        double m2 = l <= 0.5 ? l * (1 + s) : l + s - (l * s), m1 = (2 * l) - m2;
        return (V(m1, m2, h + (1.0 / 3)), V(m1, m2, h), V(m1, m2, h - (1.0 / 3)));
    }

    private static double V(double m1, double m2, double hue)
    {
        hue = ((hue % 1) + 1) % 1;
        return hue < 1.0 / 6 ? m1 + ((m2 - m1) * hue * 6) : hue < 0.5 ? m2 : hue < 2.0 / 3 ? m1 + ((m2 - m1) * ((2.0 / 3) - hue) * 6) : m1;
    }
}
