using GuiVirt.GuiDaemon.Session;

namespace GuiVirt.Daemon.Tests;

public class MessageBudgetTests
{
    [Fact]
    public void ABudgetStartsWithOneSecondsWorthAndRefillsWithTime()
    {
        var budget = new MessageBudget(1000);
        Assert.Equal(1000, budget.Available);
        budget.Spend(1000);
        Assert.InRange(budget.Available, 0, 50); // empty: the qube is throttled

        Thread.Sleep(200);
        Assert.InRange(budget.Available, 200, 1000); // at least 200 ms' worth came back
    }

    [Fact]
    public void ABudgetNeverHoldsMoreThanOneSecondsWorth()
    {
        var budget = new MessageBudget(100);
        Thread.Sleep(50);
        Assert.Equal(100, budget.Available);
    }

    [Fact]
    public void ThrottlingIsLoggedAtMostOnceEveryTenSeconds()
    {
        var budget = new MessageBudget(100);
        Assert.True(budget.ShouldLogThrottle());
        Assert.False(budget.ShouldLogThrottle());
    }
}
