using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.Agent.Tests;

/// <summary>
/// The test's stand-in for the daemon, built from Protocol and SharedMemory: listens on a Unix
/// socket, does the handshake, maps the agent's grants as the daemon does, acknowledges dumps and
/// destroys, records everything, and lets the test send daemon messages.
/// </summary>
internal sealed class FakeDaemon : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

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

    /// <summary>Why the reader stopped, when it stopped on an error.</summary>
    public Exception? Failure { get; private set; }

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

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reader?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        Channel?.Dispose();
        _listener.Dispose();
        Received.Dispose();
    }

    private async Task ReadAsync(MessageChannel channel)
    {
        try
        {
            do
            {
                lock (Received)
                {
                    while (channel.TryDispatch(Received))
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
            Failure = e;
        }
    }
}
