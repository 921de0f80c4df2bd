namespace GuiVirt.Cli.Selftest;

/// <summary>A captured screen or part of one: rows of 0x00RRGGBB pixels, no padding.</summary>
internal sealed class ScreenImage(int width, int height, uint[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public uint this[int x, int y] => pixels[(y * Width) + x];

    /// <summary>From an X image of 32 bits per pixel, least significant byte first (B, G, R, pad).</summary>
    public static ScreenImage FromBgrx(ReadOnlySpan<byte> bytes, int width, int height, int stride)
    {
        var pixels = new uint[width * height];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = bytes.Slice(y * stride, width * 4);
            for (int x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = BitConverter.ToUInt32(row.Slice(x * 4, 4)) & 0x00FF_FFFF;
            }
        }

        return new ScreenImage(width, height, pixels);
    }

    /// <summary>How many pixels have exactly <paramref name="color"/>.</summary>
    public int Count(uint color) => pixels.Count(pixel => pixel == color);
}
