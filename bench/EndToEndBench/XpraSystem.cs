using GuiVirt.Headless;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// xpra (Debian's 3.1) the way it is meant for this: a server on its own Xvfb, in seamless mode
/// (its default: each app window becomes a window on the client's desktop), the client attached
/// to the host display, mmap on (pixels go through a shared file instead of the socket, xpra's
/// fastest local path). Everything the benchmark does not measure is off: sound, notifications,
/// D-Bus, printing, file transfer, clipboard, webcam, mDNS. Its sockets live in a private folder.
/// </summary>
internal sealed class XpraSystem : ISystem
{
    private static readonly string[] Quiet =
    [
        "--mmap=yes", "--notifications=no", "--speaker=no", "--microphone=no", "--webcam=no", "--printing=no",
        "--file-transfer=no", "--clipboard=no", "--bell=no", "--system-tray=no", "--opengl=no",
    ];

    private readonly string _testAppDll;
    private readonly XvfbServer _serverDisplay;
    private readonly ChildProcess _server;
    private readonly ChildProcess _client;

    public XpraSystem(string testAppDll, string hostDisplay, string directory)
    {
        _testAppDll = testAppDll;
        string sockets = Directory.CreateDirectory(Path.Combine(directory, "xpra")).FullName;
        string[] socketArguments = [$"--socket-dir={sockets}", $"--socket-dirs={sockets}"];
        // xpra keeps its mmap files in $XDG_RUNTIME_DIR/xpra, which a fresh machine (no login
        // session, as root) does not have: "mmap setup failed: No such file or directory:
        // '/run/user/0/xpra'". A private one of its own, as a login session's is (0700).
        string runtime = Path.Combine(directory, "xpra-runtime");
        Directory.CreateDirectory(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var server = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime };
        _serverDisplay = new XvfbServer(Program.HostWidth, Program.HostHeight, firstDisplay: 500);
        try
        {
            _server = new ChildProcess("xpra server", "xpra", ["start", _serverDisplay.Display, "--use-display=yes", "--daemon=no", .. socketArguments, .. Quiet,
                "--pulseaudio=no", "--dbus-proxy=no", "--dbus-control=no", "--mdns=no", "--systemd-run=no", "--html=no", "--start-via-proxy=no",
                "--xsettings=no", "--exit-with-children=no", "--tray=no"], environment: server);
            _server.WaitForLog("xpra is ready", 60);
            _client = new ChildProcess("xpra client", "xpra", ["attach", _serverDisplay.Display, .. socketArguments, .. Quiet, "--tray=no"],
                environment: new Dictionary<string, string>(server) { ["DISPLAY"] = hostDisplay });
            _client.WaitForLog("Attached to", 60);
            // Without mmap xpra would compress every frame; the report would then not be about xpra's best case.
            _client.WaitForLog("enabled fast mmap transfers", 10);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name => "xpra";

    /// <summary>What the client and the server said they are ("Xpra GTK3 X11 client version 3.1.3 64-bit", the same for the server), without the log's time stamps.</summary>
    public string Version => string.Join("; ", _client.Log.Split('\n')
        .Where(l => l.Contains("client version", StringComparison.Ordinal) || l.Contains("server version", StringComparison.Ordinal))
        .Select(l => l[Math.Max(0, l.IndexOf("Xpra", StringComparison.Ordinal))..].Trim()));

    public AppRun StartApp(IReadOnlyList<string> appArguments, string tag) => new LocalApp(_testAppDll, ["--display", _serverDisplay.Display, .. appArguments]);

    /// <summary>Every app's window goes through the same server and client, with their child processes.</summary>
    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> Proxies(AppRun app) => Processes;

    /// <summary>Both xpra processes (also for the idle measurement).</summary>
    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> Processes => [("xpra server", _server.ProcessId, true), ("xpra client", _client.ProcessId, true)];

    public void Dispose()
    {
        _client?.Dispose();
        _server?.Dispose();
        _serverDisplay.Dispose();
    }
}
