namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// The opacity floor of translucent (ARGB) windows (docs/security.md section 23): the backdrop
/// the host server composites every qube pixel over, the label colour at <c>min_opacity</c>,
/// premultiplied, in integers. Whatever alpha a qube sends, the result has at least this alpha.
/// </summary>
internal static class AlphaFloor
{
    /// <summary>The lowest <c>min_opacity</c> a configuration may set: below it a window would be too faint to notice.</summary>
    public const double Lowest = 0.1;

    /// <summary>The default <c>min_opacity</c>.</summary>
    public const double Default = 0.25;

    /// <summary>
    /// The floor as an 8-bit alpha, rounded up so that it is never below <paramref name="minOpacity"/>
    /// (0.25 gives 64: 64 / 255 = 0.251).
    /// </summary>
    public static uint Alpha(double minOpacity) => (uint)Math.Clamp(Math.Ceiling(Math.Clamp(minOpacity, Lowest, 1.0) * 255), 26, 255);

    /// <summary>The backdrop pixel, 0xAARRGGBB premultiplied: each channel c of the label becomes round(c x alpha / 255).</summary>
    public static uint Backdrop(uint labelRgb, double minOpacity)
    {
        uint alpha = Alpha(minOpacity);
        uint red = Premultiply((labelRgb >> 16) & 0xFF, alpha), green = Premultiply((labelRgb >> 8) & 0xFF, alpha), blue = Premultiply(labelRgb & 0xFF, alpha);
        return (alpha << 24) | (red << 16) | (green << 8) | blue;
    }

    private static uint Premultiply(uint channel, uint alpha) => ((channel * alpha) + 127) / 255;
}
