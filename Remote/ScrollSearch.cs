namespace GuiVirt.Remote;

/// <summary>
/// The exporter's search for a scroll (<see cref="ScrollCopy"/>), run on each damage of
/// <see cref="RemoteLimits.MinCopyRows"/> rows or more, so on every frame of a window that is
/// redrawn whole: its working arrays are kept and only grow (to the largest damage seen plus
/// <see cref="RemoteLimits.MaxCopyShift"/> rows each way), so a frame allocates nothing.
/// </summary>
public sealed class ScrollSearch
{
    /// <summary>A row found in more places of the last frame than this (a blank line) does not vote.</summary>
    private const int MaxVotesPerRow = 4;

    /// <summary>The last frame's rows near the damage: their hashes by row, and (hash, row) sorted to find a hash's rows.</summary>
    private ulong[] _last = [];
    private (ulong Hash, int Row)[] _byHash = [];

    /// <summary>The damage's rows' hashes in the grant.</summary>
    private ulong[] _current = [];

    /// <summary>Votes by shift (index: shift minus the lowest possible), and the shifts voted for, in the order of their first vote.</summary>
    private int[] _votes = [];
    private int[] _voted = [];

    /// <summary>
    /// The shift s such that most rows y of <paramref name="damage"/> in the grant equal row y + s
    /// of <paramref name="lastFrame"/> (same columns), or null. Reads the damage's rows of the grant
    /// once and at most <see cref="RemoteLimits.MaxCopyShift"/> more rows of the last frame above
    /// and below them: bounded by the damage, whatever the window's size. Each damaged row votes for
    /// the shifts that would bring it from the last frame; the first shift to reach the most votes
    /// is taken when at least half the damaged rows match under it.
    /// </summary>
    public unsafe int? FindShift(nint grant, int grantStride, ReadOnlySpan<byte> lastFrame, int frameWidth, int frameHeight, Rectangle damage)
    {
        if (damage.Height < RemoteLimits.MinCopyRows)
        {
            return null;
        }

        int rowBytes = damage.Width * 4;
        int from = Math.Max(0, damage.Y - RemoteLimits.MaxCopyShift), to = Math.Min(frameHeight, damage.Y + damage.Height + RemoteLimits.MaxCopyShift);
        int near = to - from;
        Grow(ref _last, near);
        Grow(ref _byHash, near);
        Grow(ref _current, damage.Height);
        for (int r = from; r < to; r++)
        {
            ulong hash = ScrollCopy.Hash(lastFrame.Slice(((r * frameWidth) + damage.X) * 4, rowBytes));
            _last[r - from] = hash;
            _byHash[r - from] = (hash, r);
        }

        Span<(ulong Hash, int Row)> byHash = _byHash.AsSpan(0, near);
        byHash.Sort(); // by hash, then row: a hash's rows in order

        // Shifts run from (from - last damaged row) to (to - 1 - first damaged row).
        int lowest = from - (damage.Y + damage.Height - 1);
        Grow(ref _votes, (to - 1 - damage.Y) - lowest + 1);
        Grow(ref _voted, _votes.Length);
        int votedCount = 0;
        for (int y = damage.Y; y < damage.Y + damage.Height; y++)
        {
            ulong hash = ScrollCopy.Hash(new ReadOnlySpan<byte>((byte*)grant + ((long)y * grantStride) + (damage.X * 4L), rowBytes));
            _current[y - damage.Y] = hash;
            int first = FirstOf(byHash, hash), end = first;
            while (end < byHash.Length && byHash[end].Hash == hash)
            {
                end++;
            }

            if (end - first > MaxVotesPerRow)
            {
                continue;
            }

            for (int i = first; i < end; i++)
            {
                int shift = byHash[i].Row - y;
                if (shift != 0 && _votes[shift - lowest]++ == 0) // an unmoved row is not a scroll
                {
                    _voted[votedCount++] = shift;
                }
            }
        }

        if (votedCount == 0)
        {
            return null;
        }

        int best = _voted[0];
        foreach (int shift in _voted.AsSpan(0, votedCount))
        {
            best = _votes[shift - lowest] > _votes[best - lowest] ? shift : best;
        }

        foreach (int shift in _voted.AsSpan(0, votedCount))
        {
            _votes[shift - lowest] = 0; // clean for the next search
        }

        int matches = 0;
        for (int y = damage.Y; y < damage.Y + damage.Height; y++)
        {
            int r = y + best;
            matches += r >= from && r < to && _last[r - from] == _current[y - damage.Y] ? 1 : 0;
        }

        return matches * 2 >= damage.Height ? best : null;
    }

    /// <summary>The index of the first entry of <paramref name="hash"/> in the sorted span, or where it would be.</summary>
    private static int FirstOf(ReadOnlySpan<(ulong Hash, int Row)> sorted, ulong hash)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            (low, high) = sorted[middle].Hash < hash ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }
    }
}
