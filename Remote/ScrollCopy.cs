using System.Numerics;
using System.Runtime.InteropServices;

namespace GuiVirt.Remote;

/// <summary>
/// COPY (docs/remote.md): a scrolled window is its last frame sent moved up or down, plus a little
/// that is new. The exporter finds the move (<see cref="FindShift"/>) by row hashes, moves its last
/// frame and tells the importer to move its buffer the same way (<see cref="MoveRows"/> on both
/// sides), then sends the damage as usual: the XOR against the moved frame is zero where the guess
/// was right. A wrong guess costs bytes, never pixels: the RECT that follows is exact either way.
/// </summary>
public static class ScrollCopy
{
    private const int MaxVotesPerRow = 4;

    /// <summary>
    /// The shift s such that most rows y of <paramref name="damage"/> in the grant equal row y + s
    /// of <paramref name="lastFrame"/> (same columns), or null. Reads the damage's rows of the grant
    /// once and at most <see cref="RemoteLimits.MaxCopyShift"/> more rows of the last frame above
    /// and below them: bounded by the damage, whatever the window's size.
    /// </summary>
    public static unsafe int? FindShift(nint grant, int grantStride, ReadOnlySpan<byte> lastFrame, int frameWidth, int frameHeight, Rectangle damage)
    {
        if (damage.Height < RemoteLimits.MinCopyRows)
        {
            return null;
        }

        int rowBytes = damage.Width * 4;
        int from = Math.Max(0, damage.Y - RemoteLimits.MaxCopyShift), to = Math.Min(frameHeight, damage.Y + damage.Height + RemoteLimits.MaxCopyShift);
        ulong[] last = new ulong[to - from];
        var rowsOf = new Dictionary<ulong, List<int>>(to - from);
        for (int r = from; r < to; r++)
        {
            ulong hash = Hash(lastFrame.Slice(((r * frameWidth) + damage.X) * 4, rowBytes));
            last[r - from] = hash;
            if (!rowsOf.TryGetValue(hash, out List<int>? rows))
            {
                rowsOf[hash] = rows = [];
            }

            rows.Add(r);
        }

        // Each row of the damage votes for the shifts that would bring it from the last frame; a row
        // found in more than MaxVotesPerRow places (a blank line) says nothing, and the work stays bounded.
        ulong[] current = new ulong[damage.Height];
        var votes = new Dictionary<int, int>();
        for (int y = damage.Y; y < damage.Y + damage.Height; y++)
        {
            ulong hash = Hash(new ReadOnlySpan<byte>((byte*)grant + ((long)y * grantStride) + (damage.X * 4L), rowBytes));
            current[y - damage.Y] = hash;
            if (rowsOf.TryGetValue(hash, out List<int>? rows) && rows.Count <= MaxVotesPerRow)
            {
                foreach (int r in rows.Where(r => r != y)) // an unmoved row is not a scroll
                {
                    votes[r - y] = votes.GetValueOrDefault(r - y) + 1;
                }
            }
        }

        if (votes.Count == 0)
        {
            return null;
        }

        int shift = votes.MaxBy(vote => vote.Value).Key;
        int matches = 0;
        for (int y = damage.Y; y < damage.Y + damage.Height; y++)
        {
            int r = y + shift;
            matches += r >= from && r < to && last[r - from] == current[y - damage.Y] ? 1 : 0;
        }

        return matches * 2 >= damage.Height ? shift : null;
    }

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

    private static ulong Hash(ReadOnlySpan<byte> row)
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
