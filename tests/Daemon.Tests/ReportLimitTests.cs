using GuiVirt.GuiDaemon;
using Microsoft.Extensions.Time.Testing;

namespace GuiVirt.Daemon.Tests;

/// <summary>The report limit of floods (unrequested clipboard data, throttling) on a clock the test steps.</summary>
public class ReportLimitTests
{
    [Fact]
    public void TheFirstEventIsReportedAndTheOthersOfTheIntervalGoWithTheNextReport()
    {
        var clock = new FakeTimeProvider();
        var limit = new ReportLimit(TimeSpan.FromSeconds(1), clock);
        Assert.True(limit.TryReport(out int heldBack));
        Assert.Equal(0, heldBack);

        for (int i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.False(limit.TryReport(out _)); // within the second: counted, not reported
        }

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limit.TryReport(out _)); // 999 ms after the report
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limit.TryReport(out heldBack));
        Assert.Equal(6, heldBack);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limit.TryReport(out heldBack));
        Assert.Equal(0, heldBack);
    }
}
