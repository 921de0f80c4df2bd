using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Remote;

namespace GuiVirt.Daemon.Tests.Remote;

/// <summary>
/// The settings a host sends for its remote qube (`guivirt remote serve ... --network user
/// --memory-mib N ...`): they come back exactly from their own options, every value outside the
/// configuration's range is refused with the option named, and nothing else becomes a default.
/// </summary>
public sealed class FarQubeSettingsTests
{
    [Fact]
    public void TheOptionsGiveBackTheSameSettings()
    {
        var settings = new FarQubeSettings(QubeNetwork.User, ResourceLimits.Default with { MemoryMiB = 300, Pids = 200, CpuWeight = 40, TmpMiB = 40 }, DisplayScale.TryFromPercent(150)!.Value);
        IReadOnlyList<string> words = settings.Arguments();

        Assert.Equal(["--network", "user", "--memory-mib", "300", "--pids", "200", "--cpu-weight", "40", "--tmp-mib", "40", "--scale-percent", "150"], words);
        FarQubeSettings? back = FarQubeSettings.TryCreate(words[1], int.Parse(words[3]), int.Parse(words[5]), int.Parse(words[7]), int.Parse(words[9]), int.Parse(words[11]), out string? problem);
        Assert.Null(problem);
        Assert.Equal(settings, back);
    }

    [Fact]
    public void NoOptionsAreTheDefaults()
    {
        Assert.Equal(FarQubeSettings.Default, FarQubeSettings.TryCreate(null, null, null, null, null, null, out _));
    }

    [Theory]
    [InlineData("host", null, null, null, null, null, "--network must be one of none, user, not 'host'")]
    [InlineData(null, 127, null, null, null, null, "--memory-mib must be a whole number from 128 to 1048576, not 127")]
    [InlineData(null, null, 63, null, null, null, "--pids must be a whole number from 64 to 4194304, not 63")]
    [InlineData(null, null, null, 0, null, null, "--cpu-weight must be a whole number from 1 to 10000, not 0")]
    [InlineData(null, null, null, 10001, null, null, "--cpu-weight must be a whole number from 1 to 10000, not 10001")]
    [InlineData(null, null, null, null, -1, null, "--tmp-mib must be a whole number from 1 to 1048576, not -1")]
    [InlineData(null, null, null, null, null, 175, "--scale-percent must be one of 100, 125, 150, 200, not 175")]
    [InlineData(null, 5, 5, null, null, null, "--memory-mib must be a whole number from 128 to 1048576, not 5")]
    public void AValueOutsideTheConfigurationsRangeIsRefusedByName(string? network, int? memory, int? pids, int? weight, int? tmp, int? scale, string expected)
    {
        Assert.Null(FarQubeSettings.TryCreate(network, memory, pids, weight, tmp, scale, out string? problem));
        Assert.Equal(expected, problem);
    }
}
