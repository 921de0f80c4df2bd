using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// Window icons: the largest image of a window's _NET_WM_ICON that fits
/// <see cref="Limits.MaxWindowIconSide"/> goes to the daemon as WINDOW_ICON (raw ARGB), which
/// tints it to the qube's label colour. An app whose icons are all larger gets its smallest one
/// scaled down (nearest pixel), so it still has an icon.
/// </summary>
internal sealed partial class Agent
{
    /// <summary>Most of _NET_WM_ICON read (4 MiB in 32-bit items): a 512 x 512 image and its smaller sizes.</summary>
    private const int MaxIconPropertyBytes = 4 << 20;

    private void SendIcon(TrackedWindow window)
    {
        if (_channel is null || _display.TryGetProperty(window.Window, _display.Atom("_NET_WM_ICON"), XAtom.Cardinal, maxBytes: MaxIconPropertyBytes) is not { Format: 32 } value)
        {
            return; // no icon (or not CARDINAL[]): the daemon keeps the label icon, or the last one sent
        }

        // Xlib hands format-32 items as C longs; only the low 32 bits are the item.
        var items = new uint[value.Bytes.Length / sizeof(long)];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = (uint)BinaryPrimitives.ReadInt64LittleEndian(value.Bytes.AsSpan(i * sizeof(long)));
        }

        if (PickIcon(items) is not (int offset, int width, int height))
        {
            return; // nothing usable: the app's property is malformed or empty
        }

        int target = Math.Min(Math.Max(width, height), Limits.MaxWindowIconSide);
        int outWidth = Math.Max(1, (int)((long)width * target / Math.Max(width, height)));
        int outHeight = Math.Max(1, (int)((long)height * target / Math.Max(width, height)));
        byte[] argb = new byte[outWidth * outHeight * Limits.WindowIconBytesPerPixel];
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                // Nearest pixel; an icon that fits is copied as it is (outWidth == width).
                long source = offset + ((long)y * height / outHeight * width) + ((long)x * width / outWidth);
                BinaryPrimitives.WriteUInt32LittleEndian(argb.AsSpan(((y * outWidth) + x) * 4), items[source]);
            }
        }

        _channel.SendWindowIcon(window.Id, outWidth, outHeight, argb);
    }

    /// <summary>
    /// The image to send: where its pixels start, its width and height. The largest
    /// image with both sides within the limit, else the smallest image. Entries whose announced
    /// size runs past the property's end end the list (an app's property is not to be trusted
    /// further than its length).
    /// </summary>
    private static (int Offset, int Width, int Height)? PickIcon(uint[] items)
    {
        (int Offset, int Width, int Height)? bestFitting = null, smallest = null;
        for (long i = 0; i + 2 <= items.Length;)
        {
            long width = items[i], height = items[i + 1], pixels = width * height;
            if (width == 0 || height == 0 || pixels > items.Length - i - 2)
            {
                break;
            }

            var entry = ((int)(i + 2), (int)width, (int)height);
            if (width <= Limits.MaxWindowIconSide && height <= Limits.MaxWindowIconSide)
            {
                bestFitting = bestFitting is { } b && (long)b.Width * b.Height >= pixels ? b : entry;
            }

            smallest = smallest is { } s && (long)s.Width * s.Height <= pixels ? s : entry;
            i += 2 + pixels;
        }

        return bestFitting ?? smallest;
    }
}
