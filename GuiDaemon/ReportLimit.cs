namespace GuiVirt.GuiDaemon;

/// <summary>
/// At most one report per interval, so that a flood of events a qube causes cannot flood the log
/// or the disk: the first event is reported, later ones within the interval are only counted, and
/// the count goes with the next report. The clock is a parameter, so tests step it by hand.
/// </summary>
internal sealed class ReportLimit(TimeSpan interval, TimeProvider time)
{
    private long _reportedAt;
    private bool _reported;
    private int _held;

    /// <summary>
    /// True when this event may be reported now, with <paramref name="heldBack"/> the events not
    /// reported since the last report; false (and counted) within the interval.
    /// </summary>
    public bool TryReport(out int heldBack)
    {
        if (_reported && time.GetElapsedTime(_reportedAt) < interval)
        {
            _held++;
            heldBack = 0;
            return false;
        }

        heldBack = _held;
        (_held, _reported, _reportedAt) = (0, true, time.GetTimestamp());
        return true;
    }
}
