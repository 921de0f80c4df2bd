using System.Numerics;
using System.Runtime.InteropServices;

namespace GuiVirt.Remote;

/// <summary>
/// COPY (docs/remote.md): a scrolled window is its last frame sent moved up or down, plus a little
/// that is new. The exporter finds the move (<see cref="ScrollSearch"/>) by row hashes, moves its last
/// frame and tells the importer to move its buffer the same way (<see cref="MoveRows"/> on both
/// sides), then sends the damage as usual: the XOR against the moved frame is zero where the guess
/// was right. A wrong guess costs bytes, never pixels: the RECT that follows is exact either way.
/// </summary>
public static class ScrollCopy
{
    /// <summary>
    /// The rows of <paramref name="damage"/> that can take row y + <paramref name="shift"/>'s pixels
    /// (the source inside a frame of <paramref name="frameHeight"/> rows), as the COPY's source rectangle.
    /// </summary>
    public static Rectangle? Source(Rectangle damage, int shift, int frameHeight)
    {
        int top = Math.Max(damage.Y, -shift), bottom = Math.Min(damage.Y + damage.Height, frameHeight - shift);
        return bottom > top ? damage with { Y = top + shift, Height = bottom - top } : null;
    }

    /// <summary>
    /// Moves <paramref name="source"/>'s pixels <paramref name="dy"/> rows down (up when negative)
    /// within <paramref name="frame"/> (<paramref name="stride"/> bytes a row), as memmove does with
    /// overlapping rows. The caller has checked that the source and the target lie inside the frame.
    /// </summary>
    public static void MoveRows(Span<byte> frame, int stride, Rectangle source, int dy)
    {
        int rowBytes = source.Width * 4;
        for (int i = 0; i < source.Height; i++)
        {
            // Moving up, the top row goes first; moving down, the bottom one: no row is overwritten before it is moved.
            int row = dy < 0 ? source.Y + i : source.Y + source.Height - 1 - i;
            frame.Slice((row * stride) + (source.X * 4), rowBytes).CopyTo(frame.Slice(((row + dy) * stride) + (source.X * 4), rowBytes));
        }
    }

    /// <summary>A row's hash, for <see cref="ScrollSearch"/>.</summary>
    internal static ulong Hash(ReadOnlySpan<byte> row)
    {
        unchecked // a hash: its multiplications are meant to wrap
        {
            ulong hash = (ulong)row.Length;
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(row);
            foreach (ulong word in words)
            {
                hash = BitOperations.RotateLeft((hash ^ word) * 0x9E3779B97F4A7C15UL, 29);
            }

            for (int i = words.Length * 8; i < row.Length; i++)
            {
                hash = BitOperations.RotateLeft((hash ^ row[i]) * 0x9E3779B97F4A7C15UL, 29);
            }

            return hash;
        }
    }
}
