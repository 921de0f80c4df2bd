namespace GuiVirt.TestApp;

/// <summary>
/// The test app's window icon (--icon): square images whose pixels every test can compute, with
/// all hues, lightnesses and alphas, so a tint is checked pixel by pixel. Public for the tests.
/// </summary>
public static class IconPattern
{
    /// <summary>Pixel (x, y) of the <paramref name="size"/> x <paramref name="size"/> image: 0xAARRGGBB.</summary>
    public static uint Argb(int size, int x, int y, int seed)
    {
        // A small integer hash: fixed, different for each size, place and seed.
        uint h = unchecked((uint)((size * 73_856_093) ^ (x * 19_349_663) ^ (y * 83_492_791) ^ (seed * 2_654_435_761L)));
        h ^= h >> 13;
        h = unchecked(h * 0x5bd1e995);
        h ^= h >> 15;
        return h;
    }

    /// <summary>_NET_WM_ICON's value: for each size, width, height, then its pixels row by row.</summary>
    public static nuint[] NetWmIcon(IReadOnlyList<int> sizes, int seed)
    {
        var items = new List<nuint>();
        foreach (int size in sizes)
        {
            items.Add((nuint)size);
            items.Add((nuint)size);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    items.Add(Argb(size, x, y, seed));
                }
            }
        }

        return [.. items];
    }
}
