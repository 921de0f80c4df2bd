using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>What a scenario works with: its qube's socket, the shared daemon and host screen, and the attacker it connects.</summary>
public sealed class HostileContext(HostileFixture fixture, HostileScenario scenario)
{
    public HostileFixture Fixture { get; } = fixture;

    public string Qube => scenario.Name;

    public string SocketPath => Fixture.Daemon.SocketOf(Qube);

    public DaemonProcess Daemon => Fixture.Daemon;

    /// <summary>The honest qube on the other side of a copy scenario (configured for every "copy-" scenario).</summary>
    public string PeerQube => HostileFixture.PeerOf(Qube);

    /// <summary>An honest raw agent on <see cref="PeerQube"/>: the other side of a copy; the runner closes it.</summary>
    internal Attacker? Peer { get; private set; }

    internal async Task<Attacker> ConnectPeerAsync()
    {
        Peer = await Attacker.ConnectAsync(Fixture.Daemon.SocketOf(PeerQube));
        return Peer;
    }

    /// <summary>The hostile agent the runner checks afterwards (disconnected, or still served).</summary>
    internal Attacker? Attacker { get; private set; }

    internal async Task<Attacker> ConnectAsync(bool hello = true, bool read = true)
    {
        Attacker = await Attacker.ConnectAsync(SocketPath, hello, read);
        return Attacker;
    }

    /// <summary>A hand-driven agent that writes only valid messages (for sequences DaemonViolationTests already has).</summary>
    internal ScriptedAgent? Scripted { get; private set; }

    internal async Task<ScriptedAgent> ConnectScriptedAsync()
    {
        Scripted = await ScriptedAgent.ConnectAsync(SocketPath);
        return Scripted;
    }

    /// <summary>What the scenario measured, printed with its result.</summary>
    public List<string> Notes { get; } = [];

    public void Note(string text) => Notes.Add(text);

    /// <summary>The title the host shows for this qube's window titled <paramref name="title"/>.</summary>
    public string HostTitle(string title) => $"[{Qube}] {title}";
}
