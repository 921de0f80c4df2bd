using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The agent: one thread, one loop. It waits on the qube's X connection and the daemon's socket
/// together; X events become protocol messages (Agent.Windows, Agent.Capture), daemon messages
/// become X requests (Agent.Input, Agent.Clipboard). The X side outlives connections: when the
/// daemon goes away, the agent reconnects and announces every window again.
/// </summary>
internal sealed partial class Agent : IDisposable, IMessagesFromDaemon
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>X events handled before the damage so far is copied and sent (see PumpX).</summary>
    private const int EventsPerPump = 512;

    private readonly AgentOptions _options;
    private readonly XDisplay _display;
    private readonly IGrantAllocator _allocator = new MemfdGrantAllocator();
    private readonly Dictionary<XWindow, TrackedWindow> _windows = [];
    private MessageChannel? _channel;

    private Agent(AgentOptions options, XDisplay display)
    {
        _options = options;
        _display = display;
    }

    /// <summary>Connects to the qube's X server and takes the window manager's role there.</summary>
    public static Agent Start(AgentOptions options)
    {
        XDisplay display = XDisplay.Open(options.Display);
        try
        {
            display.RequireCaptureExtensions();
            var agent = new Agent(options, display);
            agent.BecomeWindowManager();
            agent.BecomeSystemTray();
            return agent;
        }
        catch
        {
            display.Dispose();
            throw;
        }
    }

    /// <summary>Serves daemons until the qube's X server goes away (or, with --once, the first daemon does).</summary>
    public int Run()
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(100);
        while (!_display.IsConnectionLost)
        {
            MessageChannel? channel = TryConnect();
            if (channel is null)
            {
                if (_options.Once)
                {
                    return 1;
                }

                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                PumpX(); // keep managing the qube's windows while the daemon is away
                continue;
            }

            backoff = TimeSpan.FromMilliseconds(100);
            using (channel)
            {
                Serve(channel);
            }

            DropGrants();
            if (_options.Once)
            {
                break;
            }
        }

        return 0;
    }

    public void Dispose()
    {
        _channel?.Dispose();
        DropGrants();
        _display.Dispose();
    }

    private MessageChannel? TryConnect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_options.SocketPath));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            Log.Warning($"cannot reach the daemon at {_options.SocketPath}: {e.SocketErrorCode}");
            return null;
        }

        // Our output is small except clipboard data; the daemon reads promptly or drops us.
        return new MessageChannel(socket, PeerRole.Daemon, new ChannelOptions { OutboundLimitBytes = 8 << 20 });
    }

    /// <summary>One daemon connection: handshake, announce, then the loop.</summary>
    private void Serve(MessageChannel channel)
    {
        _channel = channel;
        try
        {
            if (!Handshake(channel))
            {
                return;
            }

            AnnounceAll();
            FlushDamage();
            while (!_display.IsConnectionLost)
            {
                // FlushDamage's round trip makes Xlib read every event that came before the reply
                // into its own queue, where poll cannot see them: with any queued, do not wait, or
                // the last damage of a burst (the last strips of a large XPutImage) would wait for
                // the next X traffic or the timeout before it is copied and shown.
                channel.WaitAlongside(_display.ConnectionFd, _display.Pending > 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(250));
                PumpX();
                if (!PumpDaemon(channel))
                {
                    Log.Info("the daemon closed the connection");
                    return;
                }

                channel.Flush();
                CheckClipboardTimeout();
            }
        }
        catch (ProtocolViolationException e)
        {
            Log.Warning($"the daemon broke the protocol ({e.Violation}); reconnecting");
        }
        catch (IOException e)
        {
            Log.Warning($"connection to the daemon lost: {e.Message}");
        }
        finally
        {
            StopCopies(); // a copy does not outlive the connection: a partial file is removed
            _channel = null;
        }
    }

    private bool Handshake(MessageChannel channel)
    {
        Span<byte> hello = stackalloc byte[VersionHandshake.AgentHelloSize];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        channel.SendHandshake(hello);
        DateTime deadline = DateTime.UtcNow + HandshakeTimeout;
        while (DateTime.UtcNow < deadline)
        {
            channel.WaitAlongside(-1, TimeSpan.FromMilliseconds(100));
            channel.Flush();
            if (channel.ReceiveAvailable() == ReceiveStatus.Closed)
            {
                Log.Info("the daemon closed the connection during the handshake");
                return false;
            }

            if (VersionHandshake.TryReadDaemonHello(channel.Pending, ProtocolVersion.Current, out ProtocolVersion version, out ScreenConfig screen))
            {
                channel.Consume(VersionHandshake.DaemonHelloSize);
                Log.Info($"connected: protocol {version}, host screen {screen.Width}x{screen.Height}");
                return true;
            }
        }

        Log.Warning("the daemon did not answer the handshake");
        return false;
    }

    /// <summary>Reads and handles every message the daemon has sent; false once it closed.</summary>
    private bool PumpDaemon(MessageChannel channel)
    {
        while (true)
        {
            while (channel.TryDispatch(this))
            {
            }

            switch (channel.ReceiveAvailable())
            {
                case ReceiveStatus.Received:
                    continue;
                case ReceiveStatus.Closed:
                    return false;
                default:
                    return true;
            }
        }
    }

    /// <summary>Sends a message if a daemon is connected (X events keep coming while it is not).</summary>
    private void Send<TBody>(TrackedWindow window, in TBody body)
        where TBody : struct, IMessageBody => _channel?.Send(window.Id, body);

    private void SendEmpty(MessageType type, TrackedWindow window) => _channel?.SendEmpty(type, window.Id);
}
