namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// A token bucket: it fills at <paramref name="perSecond"/> units a second and holds at most one
/// second's worth, so a qube may make short bursts but not more on average. A qube's budget fills
/// at <c>messages_per_second</c> and is spent in the units of <see cref="MessageCosts"/> (a plain
/// message is one); it is kept by the qube's endpoint, so reconnecting does not refill it. An
/// expensive message may take the bucket below zero: the qube then waits longer. Each window's
/// raises are limited by one too. The clock is a parameter (tests step it).
/// </summary>
internal sealed class MessageBudget(int perSecond, TimeProvider time)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly ReportLimit _throttleReports = new(LogInterval, time);
    private double _tokens = perSecond;
    private long _refilledAt = time.GetTimestamp();

    /// <summary>How many units the qube may spend now (zero or less: none).</summary>
    public int Available
    {
        get
        {
            long now = time.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            return (int)Math.Floor(_tokens);
        }
    }

    /// <summary>Takes <paramref name="units"/> out of the bucket, down below zero if they are more than it holds.</summary>
    public void Spend(long units) => _tokens -= units;

    /// <summary>True at most once every 10 seconds: a flood must not flood the log too.</summary>
    public bool ShouldLogThrottle() => _throttleReports.TryReport(out _);
}
