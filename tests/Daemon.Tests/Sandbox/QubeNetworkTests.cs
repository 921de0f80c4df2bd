using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// network = "user" gives a qube the outside world and nothing of the host: a real daemon (root
/// here, so its qubes run as the guivirt user, staged), real sandboxes, real pasta. The outside
/// world is a network namespace the test makes (<see cref="TestNetwork"/>); the host serves a
/// secret on every address it has (0.0.0.0), which no qube may read: not over its loopback, not
/// over the gateway's address (pasta's default maps it to the host's loopback), not over the
/// host's own address, nor over another address of the host. A qube with network "none" reaches
/// nothing. The helper dies with its qube. The qubes go out through the test network's interface
/// ([network] outbound_interface); the DNS test uses a daemon of its own on the default route's.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed partial class QubeNetworkTests : IDisposable
{
    private const string Qubes = """
        [[qube]]
        name = "web"
        label = "red"
        network = "user"

        [[qube]]
        name = "offline"
        label = "gray"
        """;

    private const int HostPort = 18431;

    private readonly string _hostFiles = Directory.CreateTempSubdirectory("guivirt-host-secret-").FullName;
    private readonly string _secret = $"the host's own service {Guid.NewGuid():N}";
    private readonly Process _hostServer;
    private readonly TestNetwork _network = new();
    private readonly DaemonRig _rig;

    public QubeNetworkTests()
    {
        _rig = new DaemonRig($"[network]\noutbound_interface = \"{_network.HostEnd}\"\n\n{Qubes}");
        File.WriteAllText(Path.Combine(_hostFiles, "marker"), _secret);
        _hostServer = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "http.server", HostPort.ToString(CultureInfo.InvariantCulture), "--bind", "0.0.0.0", "--directory", _hostFiles])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("no python3");
        _hostServer.OutputDataReceived += (_, _) => { };
        _hostServer.ErrorDataReceived += (_, _) => { };
        _hostServer.BeginOutputReadLine();
        _hostServer.BeginErrorReadLine();
        TestNetwork.WaitUntilListening("127.0.0.1", HostPort, "the host's server");
    }

    [Fact]
    public void AUserQubeReachesTheTestNetworkButNeitherTheHostsLoopbackNorItsOwnAddress()
    {
        string hostAddress = TestNetwork.HostRoute()?.Address ?? throw new InvalidOperationException("this host has no default route to test against");
        // The positive on the host first: the secret is there on every address the qube will try.
        foreach (string address in (string[])["127.0.0.1", hostAddress, _network.OtherHostAddress, _network.HostEndAddress])
        {
            Assert.Equal(_secret, TestNetwork.Run("curl", "-s", "--max-time", "5", $"http://{address}:{HostPort}/marker"));
        }

        var probes = new Dictionary<string, string>
        {
            ["outside"] = $"http://{_network.Address}:{_network.Port}/marker",
            ["loopback"] = $"http://127.0.0.1:{HostPort}/marker",
            ["gateway"] = $"http://{_network.Gateway}:{HostPort}/marker", // the qube's gateway: pasta copies the uplink's
            ["host"] = $"http://{hostAddress}:{HostPort}/marker",
            ["other"] = $"http://{_network.OtherHostAddress}:{HostPort}/marker",
            ["uplink"] = $"http://{_network.HostEndAddress}:{HostPort}/marker",
        };
        IReadOnlyDictionary<string, (int Code, string Body)> results = Probe("web", probes);

        Assert.True(results["outside"] == (0, _network.Marker), $"the qube did not reach the test network: {results["outside"]}\n{_rig.Daemon.Log}");
        foreach (string probe in (string[])["loopback", "gateway", "host", "other", "uplink"])
        {
            Assert.DoesNotContain(_secret, results[probe].Body, StringComparison.Ordinal);
        }

        // Not only no secret: no connection at all to the host's loopback or its own addresses.
        Assert.NotEqual(0, results["loopback"].Code);
        Assert.NotEqual(0, results["host"].Code);
        Assert.NotEqual(0, results["other"].Code);
        Assert.NotEqual(0, results["uplink"].Code);

        // The qube cannot change the network pasta set up: no capability over its namespace.
        Assert.NotEqual(0, results["route-change"].Code);

        // The qube's resolv.conf names pasta's forwarder, and the qube's ls line says "user".
        Assert.Equal("nameserver 169.254.0.53\n", File.ReadAllText(Path.Combine(_rig.HomeOf("web"), "resolv")));
        Assert.Matches(@"web\s+red\s+running\s+\d+\s+persistent\s+user\s", _rig.List());
    }

    [Fact]
    public void DnsQueriesFromAUserQubeAreAnsweredThroughPastasForwarder()
    {
        // The positive on the host first: pasta forwards to the host's first resolver, which must answer.
        string? nameserver = File.ReadLines("/etc/resolv.conf").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(words => words is ["nameserver", _, ..])?[1];
        Assert.True(nameserver is not null && DnsQuery(nameserver, "deb.debian.org") is not null, $"the host's resolver ({nameserver}) does not answer: DNS through pasta cannot be tested on this machine");

        using var rig = new DaemonRig(Qubes); // out through the default route's interface
        string script = $"/usr/bin/python3 -c '{DnsProbeScript}' 169.254.0.53 deb.debian.org > dns.tmp; mv dns.tmp dns";
        (int code, string output, string errors) = GuivirtCli.Run(rig.Sockets, "run", "web", "--wait", "--", "sh", "-c", $"cd /home/user && {script}");
        Assert.True(code == 0, $"{output}{errors}\n{rig.Daemon.Log}");
        Assert.StartsWith("answer ", File.ReadAllText(Path.Combine(rig.HomeOf("web"), "dns")), StringComparison.Ordinal);
    }

    [Fact]
    public void ANormalUsersDaemonGivesItsQubeTheSameNetwork()
    {
        (int uid, int gid) = UnprivilegedDaemonTests.EnsureUser();
        using var rig = new DaemonRig($"[network]\noutbound_interface = \"{_network.HostEnd}\"\n\n{Qubes}", runAs: (uid, gid));
        IReadOnlyDictionary<string, (int Code, string Body)> results = Probe(rig, "web", new Dictionary<string, string>
        {
            ["outside"] = $"http://{_network.Address}:{_network.Port}/marker",
            ["loopback"] = $"http://127.0.0.1:{HostPort}/marker",
            ["gateway"] = $"http://{_network.Gateway}:{HostPort}/marker",
            ["other"] = $"http://{_network.OtherHostAddress}:{HostPort}/marker",
        });

        Assert.True(results["outside"] == (0, _network.Marker), $"the qube did not reach the test network: {results["outside"]}\n{rig.Daemon.Log}");
        Assert.All(results.Where(r => r.Key is "loopback" or "gateway" or "other"), r => Assert.DoesNotContain(_secret, r.Value.Body, StringComparison.Ordinal));
        Assert.NotEqual(0, results["other"].Code);
    }

    [Fact]
    public void ANoneQubeReachesNothing()
    {
        IReadOnlyDictionary<string, (int Code, string Body)> results = Probe("offline", new Dictionary<string, string>
        {
            ["outside"] = $"http://{_network.Address}:{_network.Port}/marker",
            ["host"] = $"http://{TestNetwork.HostRoute()?.Address ?? "127.0.0.1"}:{HostPort}/marker",
        });

        Assert.NotEqual(0, results["outside"].Code);
        Assert.NotEqual(0, results["host"].Code);
        Assert.DoesNotContain(_network.Marker, results["outside"].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, results["host"].Body, StringComparison.Ordinal);
        Assert.Matches(@"offline\s+gray\s+running\s+\d+\s+persistent\s+none\s", _rig.List());
    }

    [Fact]
    public void ThePastaOfAQubeIsGoneAfterGuivirtStopAndAfterTheQubeExitsByItself()
    {
        _rig.Run("web", "true");
        int pasta = PastaOf("web");
        Assert.True(IsAlive(pasta), $"no pasta {pasta} while the qube runs");
        (int code, _, string errors) = GuivirtCli.Run(_rig.Sockets, "stop", "web");
        Assert.True(code == 0, errors);
        Assert.False(IsAlive(pasta), $"pasta {pasta} outlived `guivirt stop`"); // stop returns once it is gone

        // Started again, and its sandbox killed from outside: the qube exits by itself, and the helper follows.
        _rig.Run("web", "true");
        int second = PastaOf("web");
        Assert.NotEqual(pasta, second);
        int sandbox = _rig.SandboxProcess("web");
        Assert.True(Tmds.Linux.LibC.kill(sandbox, Tmds.Linux.LibC.SIGKILL) == 0);
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (IsAlive(second))
        {
            Assert.True(DateTime.UtcNow < deadline, $"pasta {second} outlived its qube's sandbox\n{_rig.Daemon.Log}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        _rig.Dispose();
        _network.Dispose();
        _hostServer.Kill();
        _hostServer.WaitForExit(5000);
        _hostServer.Dispose();
        Directory.Delete(_hostFiles, recursive: true);
    }

    /// <summary>A python3 program: one DNS query (A, recursion desired) over UDP; prints "answer N" with the answer count, or "none".</summary>
    private const string DnsProbeScript = """
        import socket, struct, sys
        name = sys.argv[2]
        query = struct.pack(">HHHHHH", 0x4755, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00\x00\x01\x00\x01"
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.sendto(query, (sys.argv[1], 53))
        try:
            reply = s.recv(4096)
            ok = len(reply) >= 12 and reply[:2] == query[:2]
            print("answer %d" % struct.unpack(">H", reply[6:8])[0] if ok else "none")
        except socket.timeout:
            print("none")
        """;

    /// <summary>The same query from the host, for the precondition; null when no answer came.</summary>
    private static string? DnsQuery(string server, string name)
    {
        try
        {
            string output = TestNetwork.Run("/usr/bin/python3", "-c", DnsProbeScript, server, name).Trim();
            return output.StartsWith("answer ", StringComparison.Ordinal) ? output : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Runs curl in the qube for each probe (4 s each); its exit code and what it got, from files in the qube's home.</summary>
    private Dictionary<string, (int Code, string Body)> Probe(string qube, IReadOnlyDictionary<string, string> probes) => Probe(_rig, qube, probes);

    private static Dictionary<string, (int Code, string Body)> Probe(DaemonRig rig, string qube, IReadOnlyDictionary<string, string> probes)
    {
        string script = "cd /home/user && cat /etc/resolv.conf > resolv; ip route add blackhole 10.99.0.0/16 2>route-change.err; echo $? > route-change.code; "
            + string.Concat(probes.Select(p => $"curl -s --max-time 4 -o {p.Key}.body '{p.Value}'; echo $? > {p.Key}.code; "))
            + "touch probes.done";
        (int code, string output, string errors) = GuivirtCli.Run(rig.Sockets, "run", qube, "--wait", "--", "sh", "-c", script);
        Assert.True(code == 0, $"the probes did not run in {qube}: {output}{errors}\n{rig.Daemon.Log}");
        string home = rig.HomeOf(qube);
        Assert.True(File.Exists(Path.Combine(home, "probes.done")));
        return probes.Keys.Append("route-change").ToDictionary(
            key => key,
            key => (int.Parse(File.ReadAllText(Path.Combine(home, $"{key}.code")).Trim(), CultureInfo.InvariantCulture),
                File.Exists(Path.Combine(home, $"{key}.body")) ? File.ReadAllText(Path.Combine(home, $"{key}.body")) : ""));
    }

    /// <summary>The pasta of the qube's latest start, from the daemon's log.</summary>
    private int PastaOf(string qube)
    {
        _rig.Daemon.WaitForLog($"qube {qube} started (");
        MatchCollection started = PastaLine().Matches(_rig.Daemon.Log);
        Assert.NotEmpty(started);
        return int.Parse(started[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"network user \(pasta, process (\d+)\)")]
    private static partial Regex PastaLine();
}
