using System.Buffers.Binary;

namespace GuiVirt.Cli.Selftest;

/// <summary>
/// Reads what `xwd` writes inside a qube (X Window Dump, XWDFileHeader of X11/XWDFile.h), one
/// image after another: only the 24-bit TrueColor ZPixmap at 32 bits per pixel of Xvfb's default
/// screen. The bytes come from a qube, so every field is checked before it is used.
/// </summary>
internal static class XwdImage
{
    private const int HeaderBytes = 25 * 4; // CARD32 fields, big-endian, before the window name
    private const int ZPixmap = 2;
    private const int LsbFirst = 0;

    /// <summary>Every image of <paramref name="untrustedFile"/>, which holds xwd outputs back to back.</summary>
    public static IReadOnlyList<ScreenImage> ReadAll(byte[] untrustedFile)
    {
        var images = new List<ScreenImage>();
        for (int offset = 0; offset < untrustedFile.Length;)
        {
            images.Add(Read(untrustedFile.AsSpan(offset), out int length));
            offset += length;
        }

        return images;
    }

    private static ScreenImage Read(ReadOnlySpan<byte> untrusted, out int length)
    {
        if (untrusted.Length < HeaderBytes)
        {
            throw new InvalidDataException("an xwd image is shorter than its header");
        }

        uint headerSize = Field(untrusted, 0), version = Field(untrusted, 1), format = Field(untrusted, 2), depth = Field(untrusted, 3);
        uint width = Field(untrusted, 4), height = Field(untrusted, 5), byteOrder = Field(untrusted, 7);
        uint bitsPerPixel = Field(untrusted, 11), bytesPerLine = Field(untrusted, 12);
        (uint red, uint green, uint blue) = (Field(untrusted, 14), Field(untrusted, 15), Field(untrusted, 16));
        uint colors = Field(untrusted, 19);
        if (version != 7 || format != ZPixmap || depth != 24 || bitsPerPixel != 32 || (red, green, blue) != (0xFF0000u, 0x00FF00u, 0x0000FFu))
        {
            throw new InvalidDataException($"unexpected xwd image: version {version}, format {format}, depth {depth}, {bitsPerPixel} bits per pixel");
        }

        long pixelStart = headerSize + (colors * 12L); // each XWDColor is 12 bytes
        long end = pixelStart + ((long)bytesPerLine * height);
        if (headerSize < HeaderBytes || width is 0 or > 16384 || height is 0 or > 16384 || bytesPerLine < width * 4 || end > untrusted.Length)
        {
            throw new InvalidDataException($"an xwd image of {width}x{height} does not fit in the {untrusted.Length} bytes left");
        }

        length = (int)end;
        ReadOnlySpan<byte> pixels = untrusted[(int)pixelStart..length];
        if (byteOrder == LsbFirst)
        {
            return ScreenImage.FromBgrx(pixels, (int)width, (int)height, (int)bytesPerLine);
        }

        byte[] swapped = pixels.ToArray();
        for (int i = 0; i + 4 <= swapped.Length; i += 4)
        {
            swapped.AsSpan(i, 4).Reverse();
        }

        return ScreenImage.FromBgrx(swapped, (int)width, (int)height, (int)bytesPerLine);
    }

    private static uint Field(ReadOnlySpan<byte> header, int index) => BinaryPrimitives.ReadUInt32BigEndian(header.Slice(index * 4, 4));
}
