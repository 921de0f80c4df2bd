using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// A network link emulated in user space (the kernel of the benchmark's machines has no netem): a
/// TCP relay on a loopback port that forwards every connection to <c>target</c>, and in each
/// direction holds the bytes back the way a link of <see cref="LinkSpec.BitsPerSecond"/> with a
/// round trip of <see cref="LinkSpec.RoundTrip"/> would.
/// </summary>
/// <remarks>
/// Per direction, each chunk read from one side is first serialized (the link is busy for
/// chunk bits / rate after the previous chunk left, a serialization delay), then travels half the
/// round trip, and is written to the other side at that moment. The reader stops reading while
/// more than <see cref="LinkSpec.QueueLimit"/> of data waits to be serialized (a router's buffer),
/// so a sender faster than the link is held back by TCP's own flow control instead of filling an
/// endless queue. Chunks are read at most <see cref="MaxChunk"/> bytes at a time, so one chunk
/// never occupies the link for long. Sleeps are absolute CLOCK_MONOTONIC deadlines
/// (clock_nanosleep), precise to tens of microseconds, which a 1 ms round trip needs.
/// Bytes are counted each way over all connections (<see cref="BytesUp"/>, <see cref="BytesDown"/>).
/// <see cref="Silence"/> makes the network of the open connections go silent (a black hole), for
/// tests/Daemon.Tests, which links this file.
/// </remarks>
internal sealed partial class LinkRelay : IDisposable
{
    /// <summary>The largest chunk read at once: 16 KiB is 131 us on a 1 Gbit/s link, 6.6 ms at 20 Mbit/s.</summary>
    public const int MaxChunk = 16 * 1024;

    private readonly LinkSpec _link;
    private readonly IPEndPoint _target;
    private readonly Socket _listener;
    private readonly Thread _acceptor;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private readonly List<Connection> _connections = [];
    private long _bytesUp, _bytesDown;
    private volatile bool _disposed;

    /// <summary>Listens on 127.0.0.1 (a free port: <see cref="Port"/>) and relays each connection to <paramref name="target"/>.</summary>
    public LinkRelay(LinkSpec link, IPEndPoint target)
    {
        _link = link;
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "relay accept" };
        _acceptor.Start();
    }

    public LinkSpec Link => _link;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Bytes delivered from the connecting side (the client: the one that dialled the relay) to the target, over all connections.</summary>
    public long BytesUp => Interlocked.Read(ref _bytesUp);

    /// <summary>Bytes delivered from the target back to the connecting side.</summary>
    public long BytesDown => Interlocked.Read(ref _bytesDown);

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    /// <summary>
    /// The network goes silent for every connection open now, as when a route dies: their bytes
    /// vanish both ways (read and dropped, as lost packets are) and neither end sees its connection
    /// close or reset; only a peer's own timeout can tell. Connections made later are relayed as before.
    /// </summary>
    public void Silence()
    {
        lock (_connections)
        {
            foreach (Connection connection in _connections)
            {
                connection.Silent = true;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
        lock (_sockets)
        {
            foreach (Socket socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _acceptor.Join(2000);
        lock (_threads)
        {
            foreach (Thread thread in _threads)
            {
                thread.Join(2000);
            }
        }
    }

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                server.Connect(_target);
            }
            catch (SocketException)
            {
                // Nothing listens at the target: the client sees its connection closed, as it would without a relay.
                client.Dispose();
                server.Dispose();
                continue;
            }

            // The link's delays are the only ones: Nagle's algorithm would add its own.
            client.NoDelay = server.NoDelay = true;
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            Connections++;
            var connection = new Connection();
            lock (_connections)
            {
                _connections.Add(connection);
            }

            StartDirection(client, server, up: true, connection);
            StartDirection(server, client, up: false, connection);
        }
    }

    /// <summary>One direction of one connection: a reader that timestamps and serializes, a writer that delivers on time.</summary>
    private void StartDirection(Socket from, Socket to, bool up, Connection connection)
    {
        var queue = new BlockingCollection<(long Deliver, byte[]? Data)>();
        var reader = new Thread(() => Read(from, to, queue, connection)) { IsBackground = true, Name = up ? "relay read up" : "relay read down" };
        var writer = new Thread(() => Write(from, to, queue, up, connection)) { IsBackground = true, Name = up ? "relay write up" : "relay write down" };
        lock (_threads)
        {
            _threads.Add(reader);
            _threads.Add(writer);
        }

        reader.Start();
        writer.Start();
    }

    private void Read(Socket from, Socket to, BlockingCollection<(long Deliver, byte[]? Data)> queue, Connection connection)
    {
        long oneWay = Ticks(_link.RoundTrip / 2), queueLimit = Ticks(_link.QueueLimit);
        long linkFree = 0; // when the link has sent the last chunk queued so far
        byte[] buffer = new byte[MaxChunk];
        try
        {
            while (true)
            {
                int count = from.Receive(buffer);
                if (count == 0)
                {
                    break; // the sender shut its side: passed on after the data before it
                }

                long now = Stopwatch.GetTimestamp();
                // The router's buffer is full: wait until it has room again (the sender's TCP then waits too).
                if (linkFree - now > queueLimit)
                {
                    SleepUntil(linkFree - queueLimit);
                    now = Stopwatch.GetTimestamp();
                }

                long departs = Math.Max(now, linkFree) + Ticks(TimeSpan.FromSeconds(count * 8.0 / _link.BitsPerSecond));
                linkFree = departs;
                queue.Add((departs + oneWay, buffer.AsSpan(0, count).ToArray()));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!connection.Silent)
            {
                to.Dispose(); // a reset on one side resets the other (through a silent network, nothing does)
            }
        }
        finally
        {
            queue.Add((Math.Max(Stopwatch.GetTimestamp(), linkFree) + oneWay, null));
            queue.CompleteAdding();
        }
    }

    private void Write(Socket from, Socket to, BlockingCollection<(long Deliver, byte[]? Data)> queue, bool up, Connection connection)
    {
        try
        {
            foreach ((long deliver, byte[]? data) in queue.GetConsumingEnumerable())
            {
                SleepUntil(deliver);
                if (connection.Silent)
                {
                    continue; // lost on the way, and so is the end of the stream
                }

                if (data is null)
                {
                    to.Shutdown(SocketShutdown.Send);
                    break;
                }

                // Counted as it is handed on, so a reader that has its reply sees it counted.
                Interlocked.Add(ref up ? ref _bytesUp : ref _bytesDown, data.Length);
                for (int sent = 0; sent < data.Length;)
                {
                    sent += to.Send(data, sent, data.Length - sent, SocketFlags.None);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            from.Dispose(); // the receiver is gone: so is the sender's connection
        }
    }

    /// <summary>One relayed connection: <see cref="Silent"/> once <see cref="Silence"/> has cut it.</summary>
    private sealed class Connection
    {
        public volatile bool Silent;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Sleeps until the Stopwatch timestamp <paramref name="deadline"/> (CLOCK_MONOTONIC on Linux).</summary>
    private static void SleepUntil(long deadline)
    {
        long nanoseconds = (long)((double)deadline * 1_000_000_000 / Stopwatch.Frequency);
        var time = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        // EINTR (a signal): sleep again until the same absolute deadline.
        while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, ref time, 0) == Eintr)
        {
        }
    }

    private const int ClockMonotonic = 1, TimerAbsoluteTime = 1, Eintr = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, ref TimeSpec request, nint remaining);
}

/// <summary>
/// An emulated link: its rate in bits per second and its round trip (half of it each way), and
/// how much may wait to be sent (a router's buffer, in time at the link's rate): one round trip, at least 5 ms.
/// </summary>
internal sealed record LinkSpec(string Name, double BitsPerSecond, TimeSpan RoundTrip)
{
    public TimeSpan QueueLimit => RoundTrip > TimeSpan.FromMilliseconds(5) ? RoundTrip : TimeSpan.FromMilliseconds(5);

    /// <summary>The three links of issue 20 item 7: a LAN, a fast remote line, a slow one.</summary>
    public static readonly LinkSpec[] All =
    [
        new("1 Gbit/s 1 ms", 1e9, TimeSpan.FromMilliseconds(1)),
        new("100 Mbit/s 10 ms", 100e6, TimeSpan.FromMilliseconds(10)),
        new("20 Mbit/s 40 ms", 20e6, TimeSpan.FromMilliseconds(40)),
    ];
}
