namespace GuiVirt.TestApp;

/// <summary>
/// The text that --scroll shows, as a pure function like <see cref="Pattern"/>: lines of cells 10
/// pixels wide, each line <c>lineHeight</c> pixels high, dark "glyphs" (<see cref="Ink"/>) on
/// <see cref="Paper"/>. Every pixel is exactly one of the two colours, which is what a lossless
/// remote display must show (a lossy encoder leaves other colours at the glyphs' edges). A glyph
/// is a 4x6 grid of 2x2 dots chosen by a hash of (seed, line, column); lines have lengths of 20 to
/// 79 cells and about one cell in six is a space, so the text compresses about as a terminal's does.
/// </summary>
public static class TextPattern
{
    public const uint Ink = 0x202020, Paper = 0xFFFFFF;
    public const int CellWidth = 10;

    /// <summary>The colour of pixel (<paramref name="x"/>, <paramref name="y"/>) of text line <paramref name="line"/>, y counted within the line.</summary>
    public static uint Pixel(int seed, int line, int x, int y, int lineHeight)
    {
        int column = x / CellWidth, cx = x % CellWidth;
        uint lineHash = Hash((uint)seed, (uint)line, 0xFFFFFFFF);
        if (column >= 20 + (int)(lineHash % 60))
        {
            return Paper;
        }
        uint cell = Hash((uint)seed, (uint)line, (uint)column);
        if (cell % 6 == 0)
        {
            return Paper; // a space
        }
        // The glyph's 8x12 box, centred in the cell's 10 pixels and the line's height.
        int top = (lineHeight - 12) / 2, gx = cx - 1, gy = y - top;
        if (gx is < 0 or >= 8 || gy < 0 || gy >= 12)
        {
            return Paper;
        }
        int dot = (gy / 2 * 4) + (gx / 2); // 24 dots of 2x2 pixels
        return ((cell >> 8) ^ (cell << 3)) >> (dot % 24) is var bits && (bits & 1) != 0 ? Ink : Paper;
    }

    private static uint Hash(uint a, uint b, uint c)
    {
        unchecked
        {
            uint h = (a * 0x9E3779B1) ^ (b * 0x85EBCA77) ^ (c * 0xC2B2AE3D);
            h ^= h >> 15;
            h *= 0x2C1B3C6D;
            h ^= h >> 12;
            return h;
        }
    }
}
