namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Tints a qube's window icon to its label colour as Qubes OS does: each pixel keeps its own
/// lightness (HSL) and alpha and takes the label's hue and saturation, so a qube cannot show an
/// icon in another qube's colours. Integer arithmetic only, on the daemon's own copy of exactly
/// width x height x 4 bytes: there is no decoder, and every bit pattern is a pixel.
/// </summary>
internal static class LabelTint
{
    /// <summary>
    /// The _NET_WM_ICON value (width, height, then one 0xAARRGGBB per pixel, as format-32 items)
    /// of <paramref name="untrustedArgb"/> tinted to <paramref name="labelRgb"/> (0xRRGGBB).
    /// <paramref name="untrustedArgb"/> holds exactly width x height little-endian 0xAARRGGBB words
    /// (WINDOW_ICON checked the length); it is copied first and only the copy is read.
    /// </summary>
    public static nint[] ToNetWmIcon(int width, int height, ReadOnlySpan<byte> untrustedArgb, uint labelRgb)
    {
        int pixels = width * height;
        if (untrustedArgb.Length != pixels * 4)
        {
            throw new ArgumentException($"an icon of {width}x{height} has {pixels * 4} bytes, not {untrustedArgb.Length}", nameof(untrustedArgb));
        }

        // Security: a copy, so the qube's buffer is read once, whatever happens to it meanwhile.
        byte[] copy = untrustedArgb.ToArray();
        var icon = new nint[2 + pixels];
        (icon[0], icon[1]) = (width, height);
        for (int i = 0; i < pixels; i++)
        {
            int o = i * 4;
            uint argb = Tint(copy[o + 2], copy[o + 1], copy[o], labelRgb);
            icon[2 + i] = (nint)((uint)copy[o + 3] << 24 | argb);
        }

        return icon;
    }

    /// <summary>
    /// One pixel (r, g, b) tinted to <paramref name="labelRgb"/>, as 0xRRGGBB. In 255ths, with
    /// l2 = max + min of the pixel (twice its HSL lightness), the result has the label's hue and
    /// saturation at lightness l2 / 2:
    /// <code>
    ///   d  = tmax - tmin                 (the label's chroma)
    ///   B  = 255 - |tmax + tmin - 255|   (the label's largest possible chroma at its lightness; S = d / B)
    ///   A  = 255 - |l2 - 255|            (the largest possible chroma at the pixel's lightness)
    ///   c  = round((A x (2 (tc - tmin) - d) + l2 x B) / (2 B))   for each channel tc of the label
    /// </code>
    /// which is l - C/2 + C (tc - tmin) / d with C = A x S, the HSL formula. A grey label (d = 0)
    /// gives grey: c = round(l2 / 2). Since A &lt;= l2 and d &lt;= B, the numerator is never negative,
    /// and c is at most (l2 + A) / 2 &lt;= 255: no clamping is needed. Rounding is half up.
    /// </summary>
    public static uint Tint(int r, int g, int b, uint labelRgb)
    {
        int tr = (int)(labelRgb >> 16) & 0xFF, tg = (int)(labelRgb >> 8) & 0xFF, tb = (int)labelRgb & 0xFF;
        int tmax = Math.Max(tr, Math.Max(tg, tb)), tmin = Math.Min(tr, Math.Min(tg, tb));
        int l2 = Math.Max(r, Math.Max(g, b)) + Math.Min(r, Math.Min(g, b));
        int d = tmax - tmin;
        if (d == 0)
        {
            uint grey = (uint)((l2 + 1) / 2);
            return grey << 16 | grey << 8 | grey;
        }

        int bigB = 255 - Math.Abs(tmax + tmin - 255);
        int bigA = 255 - Math.Abs(l2 - 255);
        uint Channel(int tc) => (uint)(((bigA * ((2 * (tc - tmin)) - d)) + (l2 * bigB) + bigB) / (2 * bigB));
        return Channel(tr) << 16 | Channel(tg) << 8 | Channel(tb);
    }
}
