using SkiaSharp;

namespace GuiVirt.Cli.Menu;

/// <summary>
/// A menu icon in the colour of its qube's label, as Qubes OS tints its app icons: every pixel
/// keeps its own lightness (so the picture stays recognisable) and alpha, and takes the hue and
/// saturation of the label. The PNG is one the user names on the host; nothing is read from a qube.
/// </summary>
internal static class IconTint
{
    /// <summary>Largest side of a source icon: menu icons are small, and a huge PNG is a mistake.</summary>
    public const int MaxSide = 1024;

    /// <summary>Decodes <paramref name="source"/>, tints it to <paramref name="label"/> (0xRRGGBB) and writes a PNG to <paramref name="target"/>.</summary>
    public static void Write(string source, uint label, string target)
    {
        using SKCodec codec = SKCodec.Create(source) ?? throw new MenuException($"{source}: not an image SkiaSharp can read (a PNG is expected)");
        if (codec.Info.Width > MaxSide || codec.Info.Height > MaxSide)
        {
            throw new MenuException($"{source}: {codec.Info.Width}x{codec.Info.Height} is too large for an icon (at most {MaxSide}x{MaxSide})");
        }

        using var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new MenuException($"{source}: the image could not be decoded");
        }

        Tint(bitmap, label);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(target);
        png.SaveTo(file);
    }

    /// <summary>Replaces hue and saturation of every pixel by the label's, keeping lightness and alpha.</summary>
    public static void Tint(SKBitmap bitmap, uint label)
    {
        (float hue, float saturation, _) = ToHsl((byte)((label >> 16) & 0xFF), (byte)((label >> 8) & 0xFF), (byte)(label & 0xFF));
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor pixel = bitmap.GetPixel(x, y);
                (_, _, float lightness) = ToHsl(pixel.Red, pixel.Green, pixel.Blue);
                (byte r, byte g, byte b) = FromHsl(hue, saturation, lightness);
                bitmap.SetPixel(x, y, new SKColor(r, g, b, pixel.Alpha));
            }
        }
    }

    /// <summary>Hue in [0, 1), saturation and lightness in [0, 1] (the HSL model).</summary>
    public static (float Hue, float Saturation, float Lightness) ToHsl(byte red, byte green, byte blue)
    {
        float r = red / 255f, g = green / 255f, b = blue / 255f;
        float max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        float lightness = (max + min) / 2, delta = max - min;
        if (delta == 0)
        {
            return (0, 0, lightness);
        }

        float saturation = delta / (1 - Math.Abs(2 * lightness - 1));
        float hue = max == r ? ((g - b) / delta % 6 + 6) % 6 : max == g ? (b - r) / delta + 2 : (r - g) / delta + 4;
        return (hue / 6, Math.Min(saturation, 1), lightness);
    }

    public static (byte Red, byte Green, byte Blue) FromHsl(float hue, float saturation, float lightness)
    {
        float chroma = (1 - Math.Abs(2 * lightness - 1)) * saturation;
        float h = hue * 6, x = chroma * (1 - Math.Abs(h % 2 - 1)), m = lightness - chroma / 2;
        (float r, float g, float b) = (int)h switch
        {
            0 => (chroma, x, 0f),
            1 => (x, chroma, 0f),
            2 => (0f, chroma, x),
            3 => (0f, x, chroma),
            4 => (x, 0f, chroma),
            _ => (chroma, 0f, x),
        };
        return (Byte(r + m), Byte(g + m), Byte(b + m));
    }

    private static byte Byte(float value) => (byte)Math.Clamp(MathF.Round(value * 255), 0, 255);
}
