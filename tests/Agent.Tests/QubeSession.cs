using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>One qube for one test: its own Xvfb, a real agent on it, and the fake daemon it talks to.</summary>
public sealed class QubeSession : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-agent-test-").FullName;
    private AgentProcess? _agent;

    public XvfbServer Qube { get; } = new(1280, 800);

    /// <summary>The agent's HOME: a file copy to the qube lands in its Incoming folder.</summary>
    public string Home => Path.Combine(_directory, "home");

    internal FakeDaemon Daemon { get; private set; } = null!;

    internal ReceivedLog Received => Daemon.Received;

    public string AgentLog => _agent?.Log ?? "";

    /// <summary>Starts the TestApp in the qube and waits until the daemon has its MAP.</summary>
    internal async Task<TestAppProcess> StartAppAsync(params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(Qube.Display, arguments);
        try
        {
            var id = new Protocol.WindowId((uint)app.Window);
            await Received.WaitForAsync(m => m.Any(x => x.Type == Protocol.MessageType.Map && x.Window == id), "MAP");
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        Daemon = FakeDaemon.Listen(_directory);
        Directory.CreateDirectory(Home);
        _agent = new AgentProcess(Qube.Display, Daemon.SocketPath, home: Home);
        Daemon.Received.Diagnostics = () => "agent log:\n" + AgentLog;
        await Daemon.AcceptAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The fake daemon goes first: it stops reading before the agent is killed (a kill in the
    /// middle of a message is no failure of the agent), and rethrows what failed on its reader.
    /// </summary>
    public Task DisposeAsync()
    {
        try
        {
            Daemon.Dispose();
        }
        finally
        {
            _agent?.Dispose();
            Qube.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
