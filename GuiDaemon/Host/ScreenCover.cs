using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>
/// The screen-cover rule's geometry: how much of a monitor a set of rectangles covers together,
/// each point counted once however many rectangles overlap there. Pure: no X server, no state.
/// </summary>
internal static class ScreenCover
{
    /// <summary>A monitor counts as covered from this share of its area up (nine tenths).</summary>
    public const int CoveredTenths = 9;

    /// <summary>
    /// True if <paramref name="windows"/> together cover at least nine tenths of any one of
    /// <paramref name="monitors"/> (each monitor judged alone: four tiles, one per monitor, cover
    /// none of them).
    /// </summary>
    public static bool CoversMostOfAMonitor(ReadOnlySpan<XRect> windows, ReadOnlySpan<XRect> monitors)
    {
        foreach (XRect monitor in monitors)
        {
            long area = (long)monitor.Width * monitor.Height;
            if (area > 0 && UnionArea(windows, monitor) * 10 >= area * CoveredTenths)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The area of the union of <paramref name="rectangles"/> inside <paramref name="clip"/>: a
    /// sweep over the distinct left and right edges; in each vertical strip the covered lengths
    /// of the rectangles spanning it are merged. O(n² log n) for n rectangles (the caller bounds n).
    /// </summary>
    public static long UnionArea(ReadOnlySpan<XRect> rectangles, XRect clip)
    {
        var clipped = new List<(long Left, long Top, long Right, long Bottom)>(rectangles.Length);
        foreach (XRect r in rectangles)
        {
            long left = Math.Max((long)r.X, clip.X), right = Math.Min((long)r.X + r.Width, (long)clip.X + clip.Width);
            long top = Math.Max((long)r.Y, clip.Y), bottom = Math.Min((long)r.Y + r.Height, (long)clip.Y + clip.Height);
            if (right > left && bottom > top)
            {
                clipped.Add((left, top, right, bottom));
            }
        }

        long[] edges = [.. clipped.SelectMany(r => new[] { r.Left, r.Right }).Distinct().Order()];
        var spans = new List<(long Top, long Bottom)>(clipped.Count);
        long area = 0;
        for (int i = 0; i + 1 < edges.Length; i++)
        {
            long stripLeft = edges[i], stripRight = edges[i + 1];
            spans.Clear();
            foreach (var r in clipped)
            {
                if (r.Left <= stripLeft && r.Right >= stripRight)
                {
                    spans.Add((r.Top, r.Bottom));
                }
            }

            area += CoveredLength(spans) * (stripRight - stripLeft);
        }

        return area;
    }

    /// <summary>The length of the union of intervals (sorted here in place).</summary>
    private static long CoveredLength(List<(long Top, long Bottom)> spans)
    {
        spans.Sort();
        long length = 0, runTop = long.MinValue, runBottom = long.MinValue;
        foreach ((long top, long bottom) in spans)
        {
            if (top > runBottom)
            {
                length += runBottom - runTop;
                (runTop, runBottom) = (top, bottom);
            }
            else
            {
                runBottom = Math.Max(runBottom, bottom);
            }
        }

        return length + (runBottom - runTop);
    }
}
