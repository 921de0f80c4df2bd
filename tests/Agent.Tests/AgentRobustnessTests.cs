using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>The agent outlives daemons that go away and apps that crash.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentRobustnessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-agent-test-").FullName;
    private readonly XvfbServer _qube = new(1280, 800);
    private readonly List<FakeDaemon> _daemons = [];
    private AgentProcess? _agent;

    /// <summary>The fake daemons go first (they rethrow what failed on their readers), then the agent.</summary>
    public void Dispose()
    {
        try
        {
            _daemons.ForEach(daemon => daemon.Dispose());
        }
        finally
        {
            _agent?.Dispose();
            _qube.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AfterTheDaemonRestartsEveryWindowIsAnnouncedAgain()
    {
        FakeDaemon first = Listen();
        AgentProcess agent = _agent = new AgentProcess(_qube.Display, first.SocketPath, once: false);
        await first.AcceptAsync(TimeSpan.FromSeconds(30));
        using TestAppProcess app = TestAppProcess.Start(_qube.Display, "--geometry", "160x90+40+50", "--seed", "5", "--title", "survivor");
        var id = new WindowId((uint)app.Window);
        await first.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.ShmImage && x.Window == id), "the first daemon's pixels");
        first.Dispose(); // the daemon goes away

        FakeDaemon second = Listen();
        await second.AcceptAsync(TimeSpan.FromSeconds(30)); // the agent comes back (back-off at most 5 s)
        second.Received.Diagnostics = () => "agent log:\n" + agent.Log;
        var messages = await second.Received.WaitForAsync(
            m => m.Any(x => x.Window == id && x.Type == MessageType.Map) && m.Any(x => x.Window == id && x.Type == MessageType.ShmImage),
            "the window announced again");
        Assert.Contains(messages, m => m.Window == id && m.Body is Create { Width: 160, Height: 90 });
        Assert.Contains(messages, m => m.Window == id && m.Body is WindowName { Title: "survivor" });
        await AssertPatternAsync(second, id, 5, 160, 90);
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task AnAppCrashingInTheMiddleOfAnimationHarmsNoOtherWindow()
    {
        FakeDaemon daemon = Listen();
        AgentProcess agent = _agent = new AgentProcess(_qube.Display, daemon.SocketPath);
        await daemon.AcceptAsync(TimeSpan.FromSeconds(30));
        using TestAppProcess steady = TestAppProcess.Start(_qube.Display, "--geometry", "120x120+0+0", "--seed", "8");
        var crasher = TestAppProcess.Start(_qube.Display, "--geometry", "800x600+100+100", "--fps", "60");
        var crasherId = new WindowId((uint)crasher.Window);
        await daemon.Received.WaitForAsync(m => m.Count(x => x.Type == MessageType.ShmImage && x.Window == crasherId) > 20, "the animation under way");
        crasher.Dispose(); // killed mid-frame: its window vanishes while copies may be queued
        await daemon.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Destroy && x.Window == crasherId), "DESTROY");

        using (var client = new XClient(_qube.Display))
        {
            client.MoveResize(steady.Window, 0, 0, 150, 140);
        }

        await AssertPatternAsync(daemon, new WindowId((uint)steady.Window), 8, 150, 140);
        Assert.False(agent.HasExited);
        daemon.Received.ThrowIfFailed(); // and the agent never broke the protocol
    }

    private FakeDaemon Listen()
    {
        FakeDaemon daemon = FakeDaemon.Listen(_directory);
        _daemons.Add(daemon);
        return daemon;
    }

    private static Task AssertPatternAsync(FakeDaemon daemon, WindowId id, int seed, int width, int height)
    {
        var expected = new uint[width * height];
        Pattern.Fill(expected, width, height, seed, 0);
        return daemon.Received.WaitForPixelsAsync(id, width, height, expected);
    }
}
