namespace GuiVirt.TestApp;

/// <summary>
/// The image the test app draws, as a pure function so a test can compute every expected pixel.
/// Pixel (x, y) of frame f with seed s is 0x00RRGGBB with
/// <code>
///   R = (x + s)                                     mod 256
///   G = (y + (s &gt;&gt; 8))                         mod 256
///   B = (16 f + (x &gt;&gt; 8) + 8 (y &gt;&gt; 8) + (s &gt;&gt; 16)) mod 256
/// </code>
/// (s taken as an unsigned 32-bit number). R and G differ for every pixel of a 256x256 tile, so
/// a shifted, mirrored or transposed copy does not match; B names the tile, so tiles beyond the
/// first differ too, and changes with the frame, so every pixel changes from one frame to the next.
/// </summary>
public static class Pattern
{
    /// <summary>The colour of pixel (<paramref name="x"/>, <paramref name="y"/>) as 0x00RRGGBB.</summary>
    public static uint Pixel(int seed, int frame, int x, int y)
    {
        unchecked
        {
            uint s = (uint)seed;
            uint r = ((uint)x + s) & 0xFF;
            uint g = ((uint)y + (s >> 8)) & 0xFF;
            uint b = ((16 * (uint)frame) + ((uint)x >> 8) + (8 * ((uint)y >> 8)) + (s >> 16)) & 0xFF;
            return (r << 16) | (g << 8) | b;
        }
    }

    /// <summary>Fills <paramref name="pixels"/> (rows of <paramref name="width"/>, no padding) with one frame.</summary>
    public static void Fill(Span<uint> pixels, int width, int height, int seed, int frame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, width * height);
        for (int y = 0; y < height; y++)
        {
            Span<uint> row = pixels.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                row[x] = Pixel(seed, frame, x, y);
            }
        }
    }
}
