using GuiVirt.GuiDaemon.Session;
using Microsoft.Extensions.Time.Testing;

namespace GuiVirt.Daemon.Tests;

/// <summary>The token bucket on a clock the test steps by hand: exact numbers, no waiting.</summary>
public class MessageBudgetTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void ABudgetStartsWithOneSecondsWorthAndRefillsWithTime()
    {
        var budget = new MessageBudget(1000, _clock);
        Assert.Equal(1000, budget.Available);
        budget.Spend(1000);
        Assert.Equal(0, budget.Available); // empty: the qube is throttled

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(200, budget.Available); // 200 ms' worth came back
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(500, budget.Available);
    }

    [Fact]
    public void ABudgetNeverHoldsMoreThanOneSecondsWorth()
    {
        var budget = new MessageBudget(100, _clock);
        budget.Spend(50);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(100, budget.Available);
    }

    [Fact]
    public void ThrottlingIsLoggedAtMostOnceEveryTenSeconds()
    {
        var budget = new MessageBudget(100, _clock);
        Assert.True(budget.ShouldLogThrottle());
        Assert.False(budget.ShouldLogThrottle());
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(budget.ShouldLogThrottle());
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(budget.ShouldLogThrottle());
    }
}
