using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>When a disposable qube is over, and the names it takes (<see cref="DisposableQube"/>).</summary>
public sealed class DisposableQubeTests
{
    private static readonly TimeSpan Start = TimeSpan.FromHours(1);

    [Fact]
    public void NumbersOnlyGoUpAndSkipLiveQubes()
    {
        int last = 0;
        Assert.Equal("disp1", DisposableQube.NextName(ref last, []));
        Assert.Equal("disp2", DisposableQube.NextName(ref last, ["work"])); // disp1 was destroyed: its name is not given again
        Assert.Equal("disp4", DisposableQube.NextName(ref last, ["disp3"]));
        last = DisposableQube.MaxCount - 1;
        Assert.Null(DisposableQube.NextName(ref last, [$"disp{DisposableQube.MaxCount}"]));
        Assert.Null(DisposableQube.NextName(ref last, []));
    }

    [Fact]
    public void ASecondCommandKeepsItAfterTheFirstHasExited()
    {
        (DisposableQube qube, CommandLaunches launches, CommandLaunch first) = Make();
        CommandLaunch second = launches.Add(["second"]);
        launches.Apply(Started(second));
        qube.Add(second);
        launches.Apply(Exited(first, 0));
        Assert.False(qube.IsOver(0, sandboxRunning: true, Start));
        launches.Apply(Exited(second, 0));
        Assert.True(qube.IsOver(0, sandboxRunning: true, Start));
    }

    [Theory]
    [InlineData("disp1", true)]
    [InlineData("disp42", true)]
    [InlineData("disp", false)]
    [InlineData("display", false)]
    [InlineData("disp1x", false)]
    [InlineData("work", false)]
    public void DispAndANumberIsADisposablesName(string name, bool disposable) => Assert.Equal(disposable, DisposableQube.IsDisposableName(name));

    [Fact]
    public void ACommandThatRunsWithoutAWindowKeepsItUntilItExits()
    {
        (DisposableQube qube, CommandLaunches launches, CommandLaunch launch) = Make();
        Assert.False(qube.IsOver(0, sandboxRunning: true, Start));
        Assert.False(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromMinutes(10))); // never had a window: no grace runs out
        launches.Apply(Exited(launch, 0));
        Assert.True(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void AnExitedCommandWithAWindowStillShownKeepsItUntilTheWindowGoes()
    {
        (DisposableQube qube, CommandLaunches launches, CommandLaunch launch) = Make();
        launches.Apply(Exited(launch, 0)); // a launcher that started the app and returned
        Assert.False(qube.IsOver(1, sandboxRunning: true, Start));
        Assert.True(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void WhenAllItsWindowsCloseItEndsAfterTheGraceEvenIfTheCommandRuns()
    {
        (DisposableQube qube, _, _) = Make();
        Assert.False(qube.IsOver(2, sandboxRunning: true, Start));
        Assert.False(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromSeconds(1)));
        Assert.False(qube.IsOver(1, sandboxRunning: true, Start + TimeSpan.FromSeconds(2))); // a new window: the grace starts again
        Assert.False(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromSeconds(3)));
        Assert.True(qube.IsOver(0, sandboxRunning: true, Start + TimeSpan.FromSeconds(3) + DisposableQube.WindowlessGrace));
    }

    [Fact]
    public void ASandboxThatEndedEndsIt()
    {
        (DisposableQube qube, _, _) = Make();
        Assert.True(qube.IsOver(3, sandboxRunning: false, Start));
    }

    private static (DisposableQube, CommandLaunches, CommandLaunch) Make()
    {
        var launches = new CommandLaunches();
        CommandLaunch launch = launches.Add(["app"]);
        launches.Apply(Started(launch));
        return (new DisposableQube(launch, "/nonexistent/disp1.log"), launches, launch);
    }

    private static CommandStatus Started(CommandLaunch launch) => new(launch.Id, CommandState.Started, 0);

    private static CommandStatus Exited(CommandLaunch launch, int code) => new(launch.Id, CommandState.Exited, code);
}
