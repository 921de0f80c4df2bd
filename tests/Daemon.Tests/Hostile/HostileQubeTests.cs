using System.Diagnostics;
using Xunit.Abstractions;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// The hostile-qube suite: every scenario of <see cref="HostileScenarios"/> against one real
/// daemon. After each: the daemon runs, the honest qube still updates on the host screen, the
/// daemon's peak memory stayed under <see cref="HostileFixture.MemoryBoundKiB"/>, the offender
/// was disconnected or contained as docs/security.md says, and the log named the reason.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class HostileQubeTests(HostileFixture fixture, ITestOutputHelper output) : IClassFixture<HostileFixture>
{
    public static TheoryData<string> Scenarios => HostileScenarios.Names;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task TheDaemonSurvivesAndTheHonestQubeGoesOn(string name)
    {
        HostileScenario scenario = HostileScenarios.Get(name);
        var context = new HostileContext(fixture, scenario);
        int logStart = fixture.Daemon.Log.Length;
        string NewLog() => fixture.Daemon.Log[logStart..];
        fixture.ResetPeakMemory();
        var clock = Stopwatch.StartNew();
        try
        {
            try
            {
                await scenario.Run(context);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"the attack failed: {e.Message}\ndaemon log:\n{NewLog()}", e);
            }
            if (scenario.LogText is { } reason)
            {
                WaitForLog(() => NewLog(), $"qube {name}{reason}");
            }

            if (scenario.Verdict == Verdict.Disconnected)
            {
                context.Attacker?.StartReading(); // a scenario that never read reads now, to see the end
                Task closed = context.Attacker?.Closed ?? Task.CompletedTask;
                Assert.True(await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(60))) == closed, $"the daemon kept qube {name}\n{NewLog()}");
                if (context.Scripted is { } scripted)
                {
                    Assert.True(await scripted.IsDisconnectedAsync(60), $"the daemon kept qube {name}\n{NewLog()}");
                }
            }
            else
            {
                // Contained: the qube is still served (its new window's DESTROY is acknowledged).
                await context.Attacker!.PingAsync();
                Assert.DoesNotContain($"qube {name} disconnected", NewLog(), StringComparison.Ordinal);
            }
        }
        finally
        {
            context.Attacker?.Dispose();
            context.Scripted?.Dispose();
            context.Peer?.Dispose();
        }

        // The offender is gone for good (its own closing included) before the next scenario.
        WaitForLog(() => NewLog(), $"qube {name} disconnected");
        Assert.False(fixture.Daemon.HasExited, $"the daemon ended\n{fixture.Daemon.Log}");
        fixture.AssertHonestQubeUpdates();
        Assert.DoesNotContain("qube honest disconnected", fixture.Daemon.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", fixture.Daemon.Log, StringComparison.Ordinal);
        (long peak, long now) = fixture.Memory();
        fixture.Record(name, scenario.Verdict.ToString(), peak, now, clock.Elapsed.TotalSeconds);
        context.Notes.ForEach(output.WriteLine);
        output.WriteLine($"{name}: {scenario.Verdict}; daemon VmHWM {peak / 1024} MiB, VmRSS {now / 1024} MiB; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(peak < HostileFixture.MemoryBoundKiB, $"the daemon's peak memory reached {peak} KiB in {name}");
    }

    [Fact]
    public void ThereAreAtLeastFortyScenariosWithDistinctNames()
    {
        Assert.True(HostileScenarios.All.Count >= 40, $"only {HostileScenarios.All.Count} scenarios");
        Assert.Equal(HostileScenarios.All.Count, HostileScenarios.All.Select(s => s.Name).Distinct().Count());
        Assert.All(HostileScenarios.All, s => Assert.True(GuiDaemon.Config.QubeConfig.IsValidName(s.Name) && s.Name == s.Name.ToLowerInvariant(), $"'{s.Name}' is not a qube name"));
    }

    [Fact]
    public void EveryViolationOfACopysStepsHasAScenario()
    {
        string[] logged = [.. HostileScenarios.All.Select(s => s.LogText ?? "")];
        var missing = Protocol.Tests.Shared.ViolationOwnership.Copy.Where(v => !logged.Contains($" disconnected: protocol violation {v}")).ToList();
        Assert.True(missing.Count == 0, "no hostile scenario produces: " + string.Join(", ", missing));
    }

    [Fact]
    public void DocsSecurityHasARowForEveryScenario()
    {
        string doc = File.ReadAllText(Path.Combine(TestSupport.BuiltProgram.RepositoryRoot.FullName, "docs", "security.md"));
        string[] missing = [.. HostileScenarios.All.Where(s => !doc.Contains($"| `{s.Name}` |", StringComparison.Ordinal)).Select(s => s.Name)];
        Assert.True(missing.Length == 0, "docs/security.md has no row for: " + string.Join(", ", missing));
    }

    private static void WaitForLog(Func<string> log, string text, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!log().Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the daemon never logged '{text}':\n{log()}");
            Thread.Sleep(50);
        }
    }
}
