using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.Daemon.Tests;

/// <summary>A hand-driven agent: connects to a qube's socket, does the handshake, sends what the test says.</summary>
internal sealed class ScriptedAgent : IDisposable
{
    private ScriptedAgent(MessageChannel channel) => Channel = channel;

    public MessageChannel Channel { get; }

    public static async Task<ScriptedAgent> ConnectAsync(string socketPath)
    {
        // The socket's file exists from the daemon's bind, a moment before its listen: until then a
        // connection is refused (seen once in a full run under load), so it is tried again.
        Socket socket;
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(20))
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
            }
        }

        var channel = new MessageChannel(socket, PeerRole.Daemon);
        var hello = new byte[VersionHandshake.AgentHelloSize];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        channel.SendHandshake(hello);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!VersionHandshake.TryReadDaemonHello(channel.Pending, ProtocolVersion.Current, out _, out _))
        {
            Assert.True(await channel.ReceiveAsync(timeout.Token), "the daemon closed during the handshake");
        }

        channel.Consume(VersionHandshake.DaemonHelloSize);
        return new ScriptedAgent(channel);
    }

    /// <summary>
    /// Proves the daemon still serves this agent: a window made and destroyed, its DESTROY
    /// acknowledged within the deadline. Fails if the daemon closes the connection instead.
    /// </summary>
    public async Task PingAsync(string diagnostics, uint window = 0x7FFF_0001, double seconds = 30)
    {
        var id = new WindowId(window);
        Channel.Send(id, new Protocol.Messages.Create(0, 0, 10, 10, false));
        Channel.SendEmpty(MessageType.Destroy, id);
        await FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var received = new Protocol.Tests.Shared.MessageRecorder();
        while (!received.Messages.Any(m => m.Type == MessageType.Destroy && m.Window == id))
        {
            Assert.True(await Channel.ReceiveAsync(timeout.Token), $"the daemon closed the connection of an agent it should have kept\n{diagnostics}");
            while (Channel.TryDispatch((IMessagesFromDaemon)received))
            {
            }
        }
    }

    /// <summary>Sends everything queued, within <paramref name="seconds"/> (a daemon that stops reading fails the test, never hangs it).</summary>
    public async Task FlushAsync(double seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await Channel.FlushAsync(timeout.Token);
    }

    /// <summary>True when the daemon closes the connection within the timeout (messages it sends are skipped).</summary>
    public async Task<bool> IsDisconnectedAsync(double seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await Channel.ReceiveAsync(timeout.Token))
            {
                Channel.Consume(Channel.Pending.Length); // acknowledgements and events: not what we wait for
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (GuiVirt.Protocol.ProtocolViolationException)
        {
            // Thrown only at the end of the stream (with the last bytes this loop had not consumed
            // yet, or descriptors): the daemon closed the connection.
            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => Channel.Dispose();
}
