using System.Diagnostics;
using Xunit.Abstractions;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using GuiVirt.EndToEndBench.Remote;

namespace GuiVirt.Bench.Tests;

/// <summary>
/// The emulated link of `bench/run.sh --remote`, with real sockets on loopback: a round trip through
/// the relay takes the link's round trip (not less, and not much more), a bulk transfer takes the
/// time the link's rate allows, the bytes arrive intact and in order, and are counted each way.
/// The machine is small and shared: the lower bounds are tight (the relay must hold bytes back), the
/// upper bounds allow for scheduling delays.
/// </summary>
public sealed class LinkRelayTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    [InlineData(40.0)]
    public void ARoundTripTakesTheLinksRoundTrip(double roundTripMs)
    {
        using Socket echo = Listen(out IPEndPoint target);
        var server = new Thread(() => Echo(echo)) { IsBackground = true };
        server.Start();
        using var relay = new LinkRelay(new LinkSpec("test", 1e9, TimeSpan.FromMilliseconds(roundTripMs)), target);
        using Socket client = Connect(relay.Port);
        byte[] message = new byte[100], reply = new byte[100];
        var times = new List<double>();
        for (int i = 0; i < 30; i++)
        {
            message[0] = (byte)i;
            long start = Stopwatch.GetTimestamp();
            client.Send(message);
            ReceiveExactly(client, reply);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Assert.Equal(message, reply);
        }

        times.Sort();
        double median = times[times.Count / 2];
        output.WriteLine($"round trip over a {roundTripMs} ms link: median {median:F3} ms, fastest {times[0]:F3} ms, slowest {times[^1]:F3} ms");
        // 100 bytes at 1 Gbit/s serialize in 0.8 us each way: the round trip is the delay.
        Assert.True(times[0] >= roundTripMs, $"fastest round trip {times[0]:F3} ms is shorter than the link's {roundTripMs} ms");
        // Each round trip wakes four relay threads and the echo server: on a quiet machine the
        // median is within 0.3 ms of the link's; at a load of 20 to 30 (6 builds on 2 cores) it was up to 13 ms over.
        Assert.True(median <= roundTripMs + 20, $"median round trip {median:F3} ms, link {roundTripMs} ms");
        Assert.Equal(30 * 100, relay.BytesUp);
        Assert.Equal(30 * 100, relay.BytesDown);
        Assert.Equal(1, relay.Connections);
    }

    [Theory]
    [InlineData(20e6, 2_500_000)] // 1.0 s at 20 Mbit/s
    [InlineData(100e6, 6_250_000)] // 0.5 s at 100 Mbit/s
    public void ABulkTransferTakesWhatTheRateAllows(double bitsPerSecond, int bytes)
    {
        using Socket sink = Listen(out IPEndPoint target);
        byte[] data = RandomNumberGenerator.GetBytes(bytes);
        byte[] received = new byte[bytes];
        long lastByte = 0;
        var server = new Thread(() =>
        {
            using Socket connection = sink.Accept();
            ReceiveExactly(connection, received);
            lastByte = Stopwatch.GetTimestamp();
        }) { IsBackground = true };
        server.Start();
        var link = new LinkSpec("test", bitsPerSecond, TimeSpan.FromMilliseconds(2));
        using var relay = new LinkRelay(link, target);
        using Socket client = Connect(relay.Port);
        long start = Stopwatch.GetTimestamp();
        client.Send(data);
        Assert.True(server.Join(TimeSpan.FromSeconds(30)), "the sink never received everything");
        double seconds = (double)(lastByte - start) / Stopwatch.Frequency;
        double expected = (bytes * 8 / bitsPerSecond) + (link.RoundTrip.TotalSeconds / 2);
        Assert.True(seconds >= expected * 0.97, $"{bytes} bytes took {seconds:F3} s, the link needs {expected:F3} s");
        Assert.True(seconds <= expected * 1.3, $"{bytes} bytes took {seconds:F3} s, the link needs {expected:F3} s");
        Assert.Equal(data, received);
        Assert.Equal(bytes, relay.BytesUp);
        Assert.Equal(0, relay.BytesDown);
    }

    [Fact]
    public void AClosedSideIsPassedOnAfterItsData()
    {
        using Socket sink = Listen(out IPEndPoint target);
        var got = new List<byte>();
        var server = new Thread(() =>
        {
            using Socket connection = sink.Accept();
            byte[] buffer = new byte[4096];
            for (int n; (n = connection.Receive(buffer)) > 0;)
            {
                got.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }) { IsBackground = true };
        server.Start();
        using var relay = new LinkRelay(new LinkSpec("test", 100e6, TimeSpan.FromMilliseconds(10)), target);
        using (Socket client = Connect(relay.Port))
        {
            client.Send("hello"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            Assert.True(server.Join(TimeSpan.FromSeconds(10)), "the end of the stream never arrived");
        }

        Assert.Equal("hello"u8.ToArray(), got.ToArray());
    }

    private static Socket Listen(out IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(4);
        endPoint = (IPEndPoint)socket.LocalEndPoint!;
        return socket;
    }

    private static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static void Echo(Socket listener)
    {
        using Socket connection = listener.Accept();
        connection.NoDelay = true;
        byte[] buffer = new byte[4096];
        try
        {
            for (int n; (n = connection.Receive(buffer)) > 0;)
            {
                connection.Send(buffer, n, SocketFlags.None);
            }
        }
        catch (SocketException)
        {
        }
    }

    private static void ReceiveExactly(Socket socket, byte[] into)
    {
        for (int got = 0; got < into.Length;)
        {
            int n = socket.Receive(into, got, into.Length - got, SocketFlags.None);
            Assert.True(n > 0, "the connection closed early");
            got += n;
        }
    }
}
