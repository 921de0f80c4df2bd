using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Tests.Shared;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// A hostile agent on the real socket: it writes raw bytes (any header, any body, any descriptors
/// as SCM_RIGHTS) instead of going through MessageWriter, which only writes valid messages. A
/// reader in the background takes what the daemon sends (unless the scenario never reads) and
/// notes the daemon closing the connection and the DESTROY acknowledgements.
/// </summary>
internal sealed class Attacker : IDisposable
{
    private readonly Socket _socket;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<uint> _destroyAcks = [];
    private readonly List<MessageType> _received = [];
    private int _reading;
    private int _destroyAcksTotal;
    private int _keys;
    private int _clipboardRequests;

    private Attacker(Socket socket) => _socket = socket;

    /// <summary>Completes when the daemon has closed the connection (seen by the reader).</summary>
    public Task Closed => _closed.Task;

    /// <summary>How many DESTROY acknowledgements came back.</summary>
    public int DestroyAcks
    {
        get
        {
            lock (_destroyAcks)
            {
                return _destroyAcksTotal;
            }
        }
    }

    /// <summary>
    /// Called on the reader's thread for each whole message the daemon sent (type, body): how a
    /// scenario answers the daemon (a copy's peer acknowledges chunks, a source answers FILE_SEND).
    /// </summary>
    public Action<MessageType, byte[]>? OnMessage { get; set; }

    /// <summary>The types of every message the daemon sent, in order.</summary>
    public List<MessageType> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until the daemon has sent a message of <paramref name="type"/>.</summary>
    public async Task WaitForAsync(MessageType type, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Received.Contains(type))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the daemon never sent {type}; it sent {string.Join(", ", Received.Distinct())}");
            await Task.Delay(20);
        }
    }

    /// <summary>How many key events (KEYPRESS messages, pressed or released) the daemon sent this qube.</summary>
    public int Keys => Volatile.Read(ref _keys);

    /// <summary>How many CLIPBOARD_REQ the daemon sent this qube (the user pressed the copy hotkey in its window).</summary>
    public int ClipboardRequests => Volatile.Read(ref _clipboardRequests);

    /// <summary>Connects; with <paramref name="hello"/>, does the version handshake as an agent would.</summary>
    public static async Task<Attacker> ConnectAsync(string socketPath, bool hello = true, bool read = true)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        var attacker = new Attacker(socket);
        if (hello)
        {
            var offer = new byte[VersionHandshake.AgentHelloSize];
            VersionHandshake.WriteAgentHello(offer, ProtocolVersion.Current);
            attacker.Send(offer);
            var answer = new byte[VersionHandshake.DaemonHelloSize];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            for (int got = 0; got < answer.Length;)
            {
                int n = await socket.ReceiveAsync(answer.AsMemory(got), SocketFlags.None, timeout.Token);
                Assert.True(n > 0, "the daemon closed during the handshake");
                got += n;
            }
        }

        if (read)
        {
            attacker.StartReading();
        }

        return attacker;
    }

    /// <summary>Starts the background reader (a scenario that never reads calls it only at the end).</summary>
    public void StartReading()
    {
        if (Interlocked.Exchange(ref _reading, 1) == 0)
        {
            _ = Task.Run(ReadLoop);
        }
    }

    /// <summary>
    /// Runs a blocking sender on a thread of its own: a flood blocks in send() while the daemon
    /// throttles it, and must not hold a thread-pool thread the test's own waits need.
    /// </summary>
    public static Task OnOwnThread(Action send) => Task.Factory.StartNew(send, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>True once a send found the connection closed by the daemon; later sends do nothing.</summary>
    public bool CutOff { get; private set; }

    /// <summary>
    /// Sends raw bytes, blocking until the socket took them all. Once the daemon has closed the
    /// connection (it may do so as soon as a bad header is in, before the body is sent) the
    /// attacker just stops: the runner checks whether that disconnection was expected.
    /// </summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        try
        {
            while (!bytes.IsEmpty && !CutOff)
            {
                int sent = _socket.Send(bytes, SocketFlags.None);
                bytes = bytes[sent..];
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            CutOff = true;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> with <paramref name="fds"/> attached to their first byte (SCM_RIGHTS), then the rest.</summary>
    public void SendWithFds(ReadOnlySpan<byte> bytes, params SafeHandle[] fds)
    {
        long sent = RawSend.Message(_socket.SafeHandle, bytes, fds, out int errno);
        while (sent < 0 && errno == Tmds.Linux.LibC.EAGAIN)
        {
            // The socket is non-blocking once the reader has run (.NET's async receive sets
            // O_NONBLOCK): a flood that fills it waits until the daemon reads, as send() would.
            _socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectWrite);
            sent = RawSend.Message(_socket.SafeHandle, bytes, fds, out errno);
        }

        if (sent < 0 && (errno == Tmds.Linux.LibC.EPIPE || errno == Tmds.Linux.LibC.ECONNRESET))
        {
            CutOff = true; // the daemon closed first: as Send does, stop
            return;
        }

        Assert.True(sent > 0, $"sendmsg failed: errno {errno}");
        Send(bytes[(int)sent..]);
    }

    /// <summary>Proves the daemon still serves this qube: a new window made and destroyed, its DESTROY acknowledged.</summary>
    public async Task PingAsync(uint window = 0x7FFF_0001, double seconds = 60)
    {
        Send(Wire.Create(window, 700, 400, 10, 10));
        Send(Wire.Empty(MessageType.Destroy, window));
        await WaitForDestroyAckAsync(window, seconds);
    }

    /// <summary>Waits for the daemon's DESTROY acknowledgement of <paramref name="window"/>.</summary>
    public async Task WaitForDestroyAckAsync(uint window, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            lock (_destroyAcks)
            {
                if (_destroyAcks.Remove(window))
                {
                    return;
                }
            }

            Assert.False(Closed.IsCompleted, "the daemon disconnected a qube it should have kept");
            Assert.True(DateTime.UtcNow < deadline, $"the daemon never acknowledged the DESTROY of 0x{window:x}");
            await Task.Delay(20);
        }
    }

    /// <summary>Shuts down the sending side only (the daemon sees the end of the stream).</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => _socket.Dispose();

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, n));
                NoteMessages(pending);
            }
        }
        catch (SocketException)
        {
            // Reset by the daemon: closed too.
        }
        catch (ObjectDisposedException)
        {
            // We closed it ourselves.
        }

        _closed.TrySetResult();
    }

    /// <summary>Counts DESTROY acknowledgements and key events; the daemon's messages are framed by their headers.</summary>
    private void NoteMessages(List<byte> pending)
    {
        int offset = 0;
        Span<byte> header = stackalloc byte[MessageHeader.Size];
        while (pending.Count - offset >= MessageHeader.Size)
        {
            for (int i = 0; i < header.Length; i++)
            {
                header[i] = pending[offset + i];
            }

            uint type = BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint window = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (pending.Count - offset < MessageHeader.Size + length)
            {
                break;
            }

            lock (_received)
            {
                _received.Add((MessageType)type);
            }

            if (OnMessage is { } answer)
            {
                var body = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    body[i] = pending[offset + MessageHeader.Size + i];
                }

                answer((MessageType)type, body);
            }

            if (type == (uint)MessageType.KeyPress)
            {
                Interlocked.Increment(ref _keys);
            }

            if (type == (uint)MessageType.ClipboardRequest)
            {
                Interlocked.Increment(ref _clipboardRequests);
            }

            if (type == (uint)MessageType.Destroy)
            {
                lock (_destroyAcks)
                {
                    _destroyAcks.Add(window);
                    _destroyAcksTotal++;
                }
            }

            offset += MessageHeader.Size + length;
        }

        pending.RemoveRange(0, offset);
    }
}
