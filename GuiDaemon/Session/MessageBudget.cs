namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// One qube's message rate, as a token bucket: it fills at <c>messages_per_second</c> and holds
/// at most one second's worth, so a qube may send short bursts but not more on average. Kept by
/// the qube's endpoint, so reconnecting does not refill it. The clock is a parameter (tests step it).
/// </summary>
internal sealed class MessageBudget(int perSecond, TimeProvider time)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly ReportLimit _throttleReports = new(LogInterval, time);
    private double _tokens = perSecond;
    private long _refilledAt = time.GetTimestamp();

    /// <summary>How many messages the qube may send now.</summary>
    public int Available
    {
        get
        {
            long now = time.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            return (int)_tokens;
        }
    }

    /// <summary>Takes <paramref name="messages"/> handled messages out of the bucket.</summary>
    public void Spend(int messages) => _tokens -= messages;

    /// <summary>True at most once every 10 seconds: a flood must not flood the log too.</summary>
    public bool ShouldLogThrottle() => _throttleReports.TryReport(out _);
}
