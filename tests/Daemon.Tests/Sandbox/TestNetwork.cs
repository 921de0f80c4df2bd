using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// A small network of the test's own, standing for "the internet": a network namespace joined to
/// the host by a veth pair, with an HTTP server (python3 -m http.server) on an address of its own
/// that serves one file, <see cref="Marker"/>. The host's end of the pair, <see cref="HostEnd"/>, is
/// an uplink as a qube's network expects one: an address of the host on it and a default route
/// through it (metric 4000, so the host's own default route stays the one the host uses). A second veth pair, both ends on the host, gives the host one more address of its own,
/// <see cref="OtherHostAddress"/> (as a second LAN card, a VPN or a docker bridge would). Needs
/// root (ip netns); everything is removed on Dispose.
/// </summary>
internal sealed class TestNetwork : IDisposable
{
    private readonly string _namespace, _directory, _otherEnd;
    private readonly Process _server;

    public TestNetwork()
    {
        string id = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..6].ToLowerInvariant();
        _namespace = $"guivirt-test-{id}";
        HostEnd = $"gvh{id}";
        _otherEnd = $"gvo{id}";
        OtherHostAddress = $"10.214.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(2, 255)}";
        string inside = $"gvn{id}";
        string subnet = $"10.213.{Random.Shared.Next(1, 255)}";
        Gateway = $"{subnet}.2";
        Address = $"{subnet}.3";
        HostEndAddress = $"{subnet}.1";
        Marker = $"served in the test network {id}";
        _directory = Directory.CreateTempSubdirectory("guivirt-test-network-").FullName;
        File.WriteAllText(Path.Combine(_directory, "marker"), Marker);

        Ip("netns", "add", _namespace);
        Ip("link", "add", HostEnd, "type", "veth", "peer", "name", inside);
        Ip("link", "set", inside, "netns", _namespace);
        Ip("link", "set", HostEnd, "up");
        Ip("-n", _namespace, "link", "set", "lo", "up");
        Ip("-n", _namespace, "link", "set", inside, "up");
        Ip("-n", _namespace, "addr", "add", $"{Gateway}/24", "dev", inside);
        Ip("-n", _namespace, "addr", "add", $"{Address}/24", "dev", inside);
        Ip("addr", "add", $"{HostEndAddress}/24", "dev", HostEnd);
        Ip("route", "add", "default", "via", Gateway, "dev", HostEnd, "metric", "4000");
        Ip("link", "add", _otherEnd, "type", "veth", "peer", "name", $"gvp{id}");
        Ip("addr", "add", $"{OtherHostAddress}/32", "dev", _otherEnd);
        Ip("link", "set", _otherEnd, "up");
        Ip("link", "set", $"gvp{id}", "up");

        _server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", _namespace, "/usr/bin/python3", "-m", "http.server", Port.ToString(CultureInfo.InvariantCulture), "--bind", Address, "--directory", _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("no python3");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        WaitUntilListening(Address, Port, "the test network's HTTP server");
    }

    /// <summary>The host's end of the pair to the test's namespace: no address, only the route to <see cref="Address"/>.</summary>
    public string HostEnd { get; }

    /// <summary>The host's own address on <see cref="HostEnd"/>.</summary>
    public string HostEndAddress { get; }

    /// <summary>The gateway of the host's route through <see cref="HostEnd"/>, an address of the test's namespace where nothing listens.</summary>
    public string Gateway { get; }

    /// <summary>An address of the host's own, on an interface that is not the one to the test's namespace.</summary>
    public string OtherHostAddress { get; }

    /// <summary>The server's address, in the test's namespace.</summary>
    public string Address { get; }

    public int Port => 8080;

    /// <summary>The text of http://ADDRESS:PORT/marker.</summary>
    public string Marker { get; }

    /// <summary>Waits until a TCP connection to <paramref name="address"/>:<paramref name="port"/> from the host succeeds.</summary>
    public static void WaitUntilListening(string address, int port, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(address, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>The host's own address on the interface of its default route; null when it has none.</summary>
    public static (string Address, string Gateway)? HostRoute()
    {
        string output = Run("ip", "-4", "route", "get", "9.9.9.9"); // a route lookup only: nothing is sent
        string[] words = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int src = Array.IndexOf(words, "src"), via = Array.IndexOf(words, "via");
        return src >= 0 && via >= 0 && src + 1 < words.Length && via + 1 < words.Length ? (words[src + 1], words[via + 1]) : null;
    }

    public static string Run(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {errors.Result}");
    }

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
        }

        _server.WaitForExit(5000);
        _server.Dispose();
        TryIp("link", "del", HostEnd); // its peer goes with it
        TryIp("link", "del", _otherEnd);
        TryIp("netns", "del", _namespace);
        Directory.Delete(_directory, recursive: true);
    }

    private static void Ip(params string[] arguments) => Run("ip", arguments);

    private static void TryIp(params string[] arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
