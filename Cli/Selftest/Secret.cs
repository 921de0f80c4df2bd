namespace GuiVirt.Cli.Selftest;

/// <summary>
/// A secret image: frame 0 of the pattern app with one seed (the formula of tests/TestApp/Pattern.cs,
/// kept in step by a test), and a search for it anywhere in a screen.
/// Seeds whose third bytes differ by 64 or more cannot be mistaken for one another in windows of
/// up to 2048x1280: the blue channel is that byte plus the 256-pixel tile's index (0..39).
/// </summary>
internal readonly record struct Secret(string Owner, int Seed)
{
    private const int Grid = 4;       // every 4th pixel across and down is a starting point
    private const int Neighbours = 3; // a 3x3 block of exact 24-bit colours must match

    /// <summary>Pixel (x, y) of the window: R = x + s, G = y + (s >> 8), B = tile + (s >> 16), each mod 256.</summary>
    public uint Pixel(int x, int y)
    {
        unchecked
        {
            uint s = (uint)Seed;
            uint r = ((uint)x + s) & 0xFF;
            uint g = ((uint)y + (s >> 8)) & 0xFF;
            uint b = (((uint)x >> 8) + (8 * ((uint)y >> 8)) + (s >> 16)) & 0xFF;
            return (r << 16) | (g << 8) | b;
        }
    }

    /// <summary>
    /// How many grid points of <paramref name="screen"/> show this secret: the point's colour gives
    /// the window position it would be at, and the 3x3 block from there must be that exactly.
    /// </summary>
    public int CountIn(ScreenImage screen)
    {
        int found = 0;
        uint s = (uint)Seed;
        for (int y = 0; y + Neighbours <= screen.Height; y += Grid)
        {
            for (int x = 0; x + Neighbours <= screen.Width; x += Grid)
            {
                // The pixel's colour says where in the window it would be (mod 256 arithmetic).
                uint pixel = screen[x, y];
                int tile = (int)(unchecked((pixel & 0xFF) - (s >> 16)) & 0xFF);
                if (tile >= 40)
                {
                    continue;
                }

                int windowX = ((tile % 8) * 256) + (int)(unchecked((pixel >> 16) - s) & 0xFF);
                int windowY = ((tile / 8) * 256) + (int)(unchecked((pixel >> 8) - (s >> 8)) & 0xFF);
                if (BlockMatches(screen, x, y, windowX, windowY))
                {
                    found++;
                }
            }
        }

        return found;
    }

    private bool BlockMatches(ScreenImage screen, int x, int y, int windowX, int windowY)
    {
        for (int dy = 0; dy < Neighbours; dy++)
        {
            for (int dx = 0; dx < Neighbours; dx++)
            {
                if (screen[x + dx, y + dy] != Pixel(windowX + dx, windowY + dy))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
