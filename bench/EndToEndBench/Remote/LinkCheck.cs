using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// What a link really costs at the moment of the run: 50 round trips of 100 bytes through a relay of
/// that link to an echo server in this process. On a quiet machine the median is the link's round
/// trip plus a fraction of a millisecond; on a loaded one the relay's threads (and the echo's) wait
/// to be scheduled, and every system's latency over that link carries the same extra.
/// </summary>
internal static class LinkCheck
{
    /// <summary>Median and 99th percentile round trip through a relay of <paramref name="link"/>, in ms.</summary>
    public static (double P50, double P99) RoundTrip(LinkSpec link)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var echo = new Thread(() =>
        {
            try
            {
                using Socket connection = listener.Accept();
                connection.NoDelay = true;
                byte[] buffer = new byte[4096];
                for (int n; (n = connection.Receive(buffer)) > 0;)
                {
                    connection.Send(buffer, n, SocketFlags.None);
                }
            }
            catch (SocketException)
            {
                // The check is over.
            }
        }) { IsBackground = true, Name = "link check echo" };
        echo.Start();
        using var relay = new LinkRelay(link, (IPEndPoint)listener.LocalEndPoint!);
        var times = new List<double>();
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            client.Connect(new IPEndPoint(IPAddress.Loopback, relay.Port));
            byte[] message = new byte[100], reply = new byte[100];
            for (int i = 0; i < 50; i++)
            {
                long start = Stopwatch.GetTimestamp();
                client.Send(message);
                for (int got = 0; got < reply.Length;)
                {
                    int n = client.Receive(reply, got, reply.Length - got, SocketFlags.None);
                    got += n > 0 ? n : throw new InvalidOperationException("the link check's echo closed early");
                }

                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        echo.Join(2000);
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(0.99 * times.Count) - 1]);
    }
}
