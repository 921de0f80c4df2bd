using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Interop;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>
/// A framed, bounded message connection over a Unix stream socket, with descriptors passed as
/// SCM_RIGHTS. Reading (<see cref="MessageChannel"/>.Inbound) is for one task at a time; sending
/// (<see cref="MessageChannel"/>.Outbound) may come from any thread and never blocks: output
/// beyond <see cref="ChannelOptions.OutboundLimitBytes"/> is a violation of the peer that is not
/// reading, not a reason to wait.
/// </summary>
public sealed partial class MessageChannel : IDisposable
{
    private readonly Socket _socket;
    private bool _disposed;

    /// <summary>
    /// Takes ownership of a connected Unix stream socket. <paramref name="peer"/> is who is on the
    /// other end: what it may send is what this channel accepts.
    /// </summary>
    public MessageChannel(Socket connectedSocket, PeerRole peer, ChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectedSocket);
        if (connectedSocket.AddressFamily != AddressFamily.Unix || connectedSocket.SocketType != SocketType.Stream)
        {
            throw new ArgumentException("a message channel needs a Unix stream socket", nameof(connectedSocket));
        }

        _socket = connectedSocket;
        Peer = peer;
        Options = options ?? ChannelOptions.Default;
    }

    /// <summary>The socket, for an event loop to wait on (see <see cref="Readiness"/>).</summary>
    public SafeHandle Handle => _socket.SafeHandle;

    /// <summary>Who is on the other end.</summary>
    public PeerRole Peer { get; }

    /// <summary>The bounds this channel enforces.</summary>
    public ChannelOptions Options { get; }

    /// <summary>A connected pair in this process: the daemon's end (talking to an agent) and the agent's end.</summary>
    public static (MessageChannel DaemonEnd, MessageChannel AgentEnd) CreatePair(ChannelOptions? options = null)
    {
        (var daemonFd, var agentFd) = SocketMessages.CreatePair();
        var daemonSocket = new Socket(new SafeSocketHandle(daemonFd.DangerousGetHandle(), ownsHandle: true));
        daemonFd.SetHandleAsInvalid(); // the Socket owns the descriptor now
        var agentSocket = new Socket(new SafeSocketHandle(agentFd.DangerousGetHandle(), ownsHandle: true));
        agentFd.SetHandleAsInvalid();
        return (new MessageChannel(daemonSocket, PeerRole.Agent, options), new MessageChannel(agentSocket, PeerRole.Daemon, options));
    }

    /// <summary>
    /// For a single-threaded event loop (the agent's): waits until this channel has input (or
    /// room for pending output) or <paramref name="otherFd"/> is readable, or the timeout passes.
    /// Returns whether the other descriptor is readable; the caller then reads both sides.
    /// </summary>
    public bool WaitAlongside(int otherFd, TimeSpan timeout)
    {
        (_, short other) = Interop.Poll.Wait(_socket.SafeHandle, HasPendingOutput, otherFd, (int)timeout.TotalMilliseconds);
        return other != 0;
    }

    /// <summary>Closes the socket and every descriptor still queued in either direction.</summary>
    public void Dispose()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _socket.Dispose();
            DisposeQueuedFds();
        }
    }

    private static ProtocolViolationException Violation(ProtocolViolation violation, MessageHeader? header = null) => new(violation, header);
}
