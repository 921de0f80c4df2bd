using System.Net;
using System.Net.Sockets;
using GuiVirt.Headless;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// xpra as it is used across a network: `xpra start` on the far side's own Xvfb with a TCP socket
/// (`--bind-tcp=127.0.0.1:PORT`, no authentication: loopback only, for this benchmark's lifetime),
/// and `xpra attach tcp://127.0.0.1:RELAYPORT/` on the host display, through the link's relay, with
/// xpra's default encodings (no --encoding, quality or speed option: it picks per window, lossy
/// for animation). mmap is off on both sides, as it is between two machines. Everything the
/// benchmark does not measure is off, as in <see cref="XpraSystem"/>.
/// </summary>
internal sealed class XpraTcpSystem : IRemoteSystem
{
    private static readonly string[] Quiet =
    [
        "--mmap=no", "--notifications=no", "--speaker=no", "--microphone=no", "--webcam=no", "--printing=no",
        "--file-transfer=no", "--clipboard=no", "--bell=no", "--system-tray=no", "--opengl=no",
    ];

    private readonly string _testAppDll;
    private readonly string _hostDisplay;
    private readonly string _runtime;
    private readonly string[] _socketArguments;
    private readonly XvfbServer _serverDisplay;
    private readonly ChildProcess _server;
    private ChildProcess? _client;

    public XpraTcpSystem(string testAppDll, string hostDisplay, string directory)
    {
        _testAppDll = testAppDll;
        _hostDisplay = hostDisplay;
        string sockets = Directory.CreateDirectory(Path.Combine(directory, "xpra-tcp")).FullName;
        _socketArguments = [$"--socket-dir={sockets}", $"--socket-dirs={sockets}"];
        _runtime = Path.Combine(directory, "xpra-tcp-runtime");
        Directory.CreateDirectory(_runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        int port = FreePort();
        FarEndpoint = new IPEndPoint(IPAddress.Loopback, port);
        _serverDisplay = new XvfbServer(Program.HostWidth, Program.HostHeight, firstDisplay: 520);
        try
        {
            _server = new ChildProcess("xpra server (tcp)", "xpra", ["start", _serverDisplay.Display, "--use-display=yes", "--daemon=no", .. _socketArguments, .. Quiet,
                $"--bind-tcp=127.0.0.1:{port}", "--tcp-auth=none",
                "--pulseaudio=no", "--dbus-proxy=no", "--dbus-control=no", "--mdns=no", "--systemd-run=no", "--html=no", "--start-via-proxy=no",
                "--xsettings=no", "--exit-with-children=no", "--tray=no"], environment: new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = _runtime });
            _server.WaitForLog("xpra is ready", 60);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name => "xpra";

    public string? Unavailable => null;

    /// <summary>xpra's default encodings are lossy (jpeg/webp for animated windows): a shown pixel may be a few levels off.</summary>
    public int Tolerance => LossyTolerance;

    public const int LossyTolerance = 12;

    public IPEndPoint FarEndpoint { get; }

    /// <summary>The versions the client and server logged.</summary>
    public string Version => _client is null ? "" : string.Join("; ", _client.Log.Split('\n')
        .Where(l => l.Contains("client version", StringComparison.Ordinal) || l.Contains("server version", StringComparison.Ordinal))
        .Select(l => l[Math.Max(0, l.IndexOf("Xpra", StringComparison.Ordinal))..].Trim()).Distinct());

    public void Connect(LinkRelay relay)
    {
        _client?.Dispose();
        _client = new ChildProcess("xpra client (tcp)", "xpra", ["attach", $"tcp://127.0.0.1:{relay.Port}/", .. _socketArguments, .. Quiet, "--tray=no"],
            environment: new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = _runtime, ["DISPLAY"] = _hostDisplay });
        _client.WaitForLog("Attached to", 60);
        if (_client.Log.Contains("enabled fast mmap transfers", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("xpra enabled mmap over TCP: the pixels would not cross the link");
        }

    }

    public AppRun StartApp(IReadOnlyList<string> appArguments, string tag) => new LocalApp(_testAppDll, ["--display", _serverDisplay.Display, .. appArguments]);

    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> FarSide(AppRun app) => [("xpra server", _server.ProcessId, true)];

    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> HostSide(AppRun app) =>
        _client is null ? [] : [("xpra client", _client.ProcessId, true)];

    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        _serverDisplay.Dispose();
    }

    /// <summary>A TCP port nothing listens on now (the kernel's pick for a socket bound to port 0).</summary>
    internal static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
