namespace GuiVirt.TestApp;

/// <summary>
/// The image of the test app's <c>--argb</c> window, premultiplied as X and Render hold ARGB:
/// pixel (x, y) of frame f with seed s is 0xAARRGGBB where
/// <code>
///   A = (7 x + 3 y + s)  mod 256
///   C = round(P x A / 255) for each channel P of <see cref="Pattern.Pixel"/>(s, f, x, y)
/// </code>
/// so every alpha from 0 (fully transparent) to 255 (opaque) is in each row of 37 pixels or more,
/// and no colour exceeds its alpha.
/// </summary>
public static class ArgbPattern
{
    /// <summary>The premultiplied colour of pixel (<paramref name="x"/>, <paramref name="y"/>) as 0xAARRGGBB.</summary>
    public static uint Pixel(int seed, int frame, int x, int y)
    {
        unchecked
        {
            uint alpha = ((7 * (uint)x) + (3 * (uint)y) + (uint)seed) & 0xFF;
            uint rgb = Pattern.Pixel(seed, frame, x, y);
            uint Channel(int shift) => ((((rgb >> shift) & 0xFF) * alpha) + 127) / 255;
            return (alpha << 24) | (Channel(16) << 16) | (Channel(8) << 8) | Channel(0);
        }
    }
}
