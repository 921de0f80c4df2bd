using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// The test's stand-in for the daemon, built from Protocol and SharedMemory: listens on a Unix
/// socket, does the handshake, maps the agent's grants as the daemon does, acknowledges dumps and
/// destroys, records everything, and lets the test send daemon messages. What fails on its reader
/// thread fails the test: every wait of <see cref="Received"/> rethrows it, and so does Dispose.
/// </summary>
internal sealed class FakeDaemon : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;
    private bool _disposed;

    private FakeDaemon(string directory)
    {
        SocketPath = Path.Combine(directory, "agent.sock");
        File.Delete(SocketPath); // a previous daemon's socket file
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
    }

    public string SocketPath { get; }

    public MessageChannel? Channel { get; private set; }

    public ReceivedLog Received { get; } = new();

    public static FakeDaemon Listen(string directory) => new(directory);

    /// <summary>Accepts the agent and completes the handshake, then reads in the background.</summary>
    public async Task AcceptAsync(TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cancel.CancelAfter(timeout);
        Socket socket = await _listener.AcceptAsync(cancel.Token);
        var channel = new MessageChannel(socket, PeerRole.Agent);
        ProtocolVersion negotiated;
        while (!VersionHandshake.TryReadAgentHello(channel.Pending, ProtocolVersion.Current, out negotiated))
        {
            Assert.True(await channel.ReceiveAsync(cancel.Token), "the agent closed before its hello");
        }

        channel.Consume(VersionHandshake.AgentHelloSize);
        var answer = new byte[VersionHandshake.DaemonHelloSize];
        VersionHandshake.WriteDaemonHello(answer, negotiated, new ScreenConfig(1920, 1080, 24));
        channel.SendHandshake(answer);
        Channel = channel;
        Received.Channel = channel;
        _reader = Task.Run(() => ReadAsync(channel));
    }

    /// <summary>Stops reading and closes; then rethrows what failed on the reader thread, if anything did.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        bool stopped = _reader?.Wait(TimeSpan.FromSeconds(5)) ?? true; // the reader catches everything itself
        Channel?.Dispose();
        _listener.Dispose();
        Received.Dispose();
        _stop.Dispose();
        Received.ThrowIfFailed(again: false);
        Assert.True(stopped, "the fake daemon's reader did not stop within 5 s");
    }

    private async Task ReadAsync(MessageChannel channel)
    {
        try
        {
            do
            {
                lock (Received)
                {
                    while (channel.TryDispatch((IMessagesFromAgent)Received))
                    {
                    }
                }
            }
            while (await channel.ReceiveAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            Received.Fail(e); // the test fails with this at its next wait, or when it disposes this daemon
        }
    }
}
