using System.Numerics;
using System.Runtime.InteropServices;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote;

/// <summary>
/// A RECT's pixels: rows of width x 4 bytes, XORed with the last frame sent of the same window
/// (zero for a new buffer), then one LZ4 block (docs/remote.md, "RECT"). Lossless: the importer
/// XORs the decoded bytes back onto its copy of that last frame and gets exactly the pixels read.
/// </summary>
public static class PixelDelta
{
    /// <summary>
    /// Exporter: reads the rectangle from <paramref name="source"/> (a window buffer of
    /// <paramref name="sourceStride"/> bytes a row), XORs it with <paramref name="lastFrame"/> (the
    /// window's last frame sent, width x 4 bytes a row), makes it the last frame, and compresses the
    /// XOR into <paramref name="compressed"/>. Returns the compressed length.
    /// </summary>
    public static unsafe int Encode(nint source, int sourceStride, Span<byte> lastFrame, int frameWidth, Rectangle rect, Span<byte> scratch, Span<byte> compressed)
    {
        int rowBytes = rect.Width * 4;
        int length = rowBytes * rect.Height;
        Span<byte> delta = scratch[..length];
        for (int row = 0; row < rect.Height; row++)
        {
            var current = new ReadOnlySpan<byte>((byte*)source + ((long)(rect.Y + row) * sourceStride) + (rect.X * 4L), rowBytes);
            Span<byte> last = lastFrame.Slice((((rect.Y + row) * frameWidth) + rect.X) * 4, rowBytes);
            Span<byte> deltaRow = delta.Slice(row * rowBytes, rowBytes);

            // The buffer is shared with the qube's X server, which may write it at any moment: it is
            // read once, and both the XOR and the new last frame come from that one copy. Read twice,
            // a pixel written in between would be sent as one value and remembered as another, and
            // the importer's copy would differ from the last frame for as long as the window lives.
            current.CopyTo(deltaRow);
            XorSwap(deltaRow, last);
        }

        int written = LZ4Codec.Encode(delta, compressed, LZ4Level.L00_FAST);
        return written > 0 ? written : throw new InvalidOperationException("LZ4 could not compress a rectangle into its worst-case size");
    }

    /// <summary>
    /// Importer: decodes <paramref name="untrustedCompressed"/>, which must come to exactly
    /// width x height x 4 bytes (checked by the decoder, which writes nothing beyond
    /// <paramref name="scratch"/>'s first width x height x 4 bytes), and XORs them onto the
    /// rectangle of <paramref name="frame"/> (<paramref name="frameStride"/> bytes a row). The
    /// caller has checked the rectangle lies inside the frame and is at most
    /// <see cref="RemoteLimits.MaxRectPixelBytes"/>.
    /// </summary>
    public static unsafe void Decode(ReadOnlySpan<byte> untrustedCompressed, Rectangle rect, nint frame, int frameStride, Span<byte> scratch)
    {
        int rowBytes = rect.Width * 4;
        int length = rowBytes * rect.Height;

        // Security: the target is exactly the announced size; a block that decodes to more (a bomb)
        // fails inside the decoder (-1), and one that decodes to less is refused here.
        int decoded = LZ4Codec.Decode(untrustedCompressed, scratch[..length]);
        if (decoded != length)
        {
            throw new RemoteStreamException(decoded < 0
                ? $"a {rect.Width}x{rect.Height} rectangle's LZ4 block is corrupt or decodes to more than {length} bytes"
                : $"a {rect.Width}x{rect.Height} rectangle's LZ4 block decodes to {decoded} bytes, not {length}");
        }

        for (int row = 0; row < rect.Height; row++)
        {
            var target = new Span<byte>((byte*)frame + ((long)(rect.Y + row) * frameStride) + (rect.X * 4L), rowBytes);
            Xor(target, scratch.Slice(row * rowBytes, rowBytes), target);
        }
    }

    /// <summary>Makes <paramref name="last"/> the pixels <paramref name="pixels"/> held and <paramref name="pixels"/> their XOR with the old <paramref name="last"/>.</summary>
    private static void XorSwap(Span<byte> pixels, Span<byte> last)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && pixels.Length >= Vector<byte>.Count)
        {
            Span<Vector<byte>> vp = MemoryMarshal.Cast<byte, Vector<byte>>(pixels);
            Span<Vector<byte>> vl = MemoryMarshal.Cast<byte, Vector<byte>>(last);
            for (int v = 0; v < vp.Length; v++)
            {
                Vector<byte> current = vp[v];
                vp[v] = current ^ vl[v];
                vl[v] = current;
            }

            i = vp.Length * Vector<byte>.Count;
        }

        for (; i < pixels.Length; i++)
        {
            byte current = pixels[i];
            pixels[i] = (byte)(current ^ last[i]);
            last[i] = current;
        }
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<byte>.Count)
        {
            ReadOnlySpan<Vector<byte>> va = MemoryMarshal.Cast<byte, Vector<byte>>(a);
            ReadOnlySpan<Vector<byte>> vb = MemoryMarshal.Cast<byte, Vector<byte>>(b);
            Span<Vector<byte>> vr = MemoryMarshal.Cast<byte, Vector<byte>>(result);
            for (int v = 0; v < va.Length; v++)
            {
                vr[v] = va[v] ^ vb[v];
            }

            i = va.Length * Vector<byte>.Count;
        }

        for (; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
    }
}

/// <summary>A rectangle of a window, in pixels.</summary>
public readonly record struct Rectangle(int X, int Y, int Width, int Height)
{
    /// <summary>Its pixels' bytes (width x height x 4).</summary>
    public long Bytes => (long)Width * Height * 4;

    /// <summary>The smallest rectangle holding both.</summary>
    public Rectangle Union(Rectangle other)
    {
        int left = Math.Min(X, other.X), top = Math.Min(Y, other.Y);
        int right = Math.Max(X + Width, other.X + other.Width), bottom = Math.Max(Y + Height, other.Y + other.Height);
        return new Rectangle(left, top, right - left, bottom - top);
    }

    /// <summary>This rectangle clipped to a width x height window; null when nothing is left.</summary>
    public Rectangle? ClipTo(int width, int height)
    {
        int left = Math.Max(X, 0), top = Math.Max(Y, 0);
        long right = Math.Min((long)X + Width, width), bottom = Math.Min((long)Y + Height, height);
        return right > left && bottom > top ? new Rectangle(left, top, (int)(right - left), (int)(bottom - top)) : null;
    }
}
