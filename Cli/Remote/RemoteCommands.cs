using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GuiVirt.GuiDaemon.Remote;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.Protocol;
using GuiVirt.Remote;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.Cli.Remote;

/// <summary>
/// The hidden `guivirt remote` commands of docs/remote.md. On the far machine: `serve` (what ssh
/// runs: the link's stream on its standard input and output), `run` (a command into the qube),
/// `stop` (the qube ends) and `keep` (started by the first `serve`, detached: it holds the qube's
/// sandbox and its exporter, so the qube outlives the link). On the host: `import`, in the
/// importer's sandbox.
/// </summary>
internal static class RemoteCommands
{
    private const byte LinkRequest = (byte)'L';
    private const byte RunRequest = (byte)'R';
    private const byte StopRequest = (byte)'S';

    /// <summary>The most bytes of a command sent to `keep` (its words, NUL-separated), as for a local qube.</summary>
    private const int MaxCommandBytes = 32 * 1024;

    private static readonly TimeSpan KeeperStart = TimeSpan.FromSeconds(30);

    /// <summary>How long `stop` waits for the keeper to be gone (the sandbox's own stop is bounded by 10 s).</summary>
    private static readonly TimeSpan KeeperStop = TimeSpan.FromSeconds(20);

    /// <summary>
    /// `guivirt remote serve QUBE --screen WxH [SETTINGS]`: relays the link to the qube's keeper,
    /// started with <paramref name="settings"/> if it is not running (a running qube keeps its own).
    /// </summary>
    public static int Serve(string qube, (int Width, int Height) screen, FarQubeSettings settings)
    {
        if (!GuiDaemon.Config.QubeConfig.IsValidName(qube))
        {
            return Fail($"'{qube}' is not a qube name");
        }

        string linkPath = Path.Combine(Folder(), qube + ".link");
        Socket? link = TryConnect(linkPath);
        if (link is null)
        {
            StartKeeper(qube, screen, settings);
            link = WaitForKeeper(linkPath);
            if (link is null)
            {
                return Fail($"qube {qube}: its keeper did not start; see {Path.Combine(Folder(), qube + ".log")}");
            }
        }

        using (link)
        {
            link.Send([LinkRequest]);
            using var stream = new NetworkStream(link, ownsSocket: false);
            using Stream input = Console.OpenStandardInput(), output = Console.OpenStandardOutput();
            Task up = CopyAsync(input, stream), down = CopyAsync(stream, output);
            Task.WaitAny(up, down);
        }

        return 0;
    }

    /// <summary>`guivirt remote run QUBE -- CMD`: has the keeper start CMD in the qube; exits 127 when it is not there.</summary>
    public static int Run(string qube, string[] command)
    {
        if (!GuiDaemon.Config.QubeConfig.IsValidName(qube) || command.Length == 0)
        {
            return Fail("usage: guivirt remote run QUBE -- CMD [ARGS...]");
        }

        byte[] words = Encoding.UTF8.GetBytes(string.Join('\0', command));
        if (words.Length > MaxCommandBytes || command.Any(w => w.Contains('\0', StringComparison.Ordinal)))
        {
            return Fail($"the command is over {MaxCommandBytes} bytes or has a NUL");
        }

        using Socket? keeper = WaitForKeeper(Path.Combine(Folder(), qube + ".link"));
        if (keeper is null)
        {
            return Fail($"qube {qube} is not running here (no link started it)");
        }

        byte[] request = new byte[5 + words.Length];
        request[0] = RunRequest;
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(1), words.Length);
        words.CopyTo(request, 5);
        keeper.Send(request);
        using var reader = new StreamReader(new NetworkStream(keeper, ownsSocket: false));
        string answer = reader.ReadLine() ?? "error the keeper did not answer";
        Console.WriteLine(answer);
        return answer.StartsWith("started", StringComparison.Ordinal) ? 0 : answer.StartsWith("not-found", StringComparison.Ordinal) ? 127 : 1;
    }

    /// <summary>`guivirt remote stop QUBE`: the qube's keeper stops the qube (every process in it) and exits.</summary>
    public static int Stop(string qube)
    {
        if (!GuiDaemon.Config.QubeConfig.IsValidName(qube))
        {
            return Fail($"'{qube}' is not a qube name");
        }

        string linkPath = Path.Combine(Folder(), qube + ".link");
        using (Socket? keeper = TryConnect(linkPath))
        {
            if (keeper is null)
            {
                Console.Out.WriteLine($"qube {qube} was not running");
                return 0;
            }

            keeper.Send([StopRequest]);
        }

        // The keeper closes its socket as it exits: then nothing answers on the path.
        var clock = Stopwatch.StartNew();
        while (TryConnect(linkPath) is { } still)
        {
            still.Dispose();
            if (clock.Elapsed > KeeperStop)
            {
                return Fail($"qube {qube}: its keeper did not stop within {KeeperStop.TotalSeconds} s; see {Path.Combine(Folder(), qube + ".log")}");
            }

            Thread.Sleep(100);
        }

        Console.Out.WriteLine($"qube {qube} stopped");
        return 0;
    }

    /// <summary>`guivirt remote keep QUBE --screen WxH [SETTINGS]`: the qube's sandbox and its exporter, one link at a time, until the qube ends.</summary>
    public static int Keep(string qube, (int Width, int Height) screen, FarQubeSettings settings)
    {
        string folder = Folder();
        string linkPath = Path.Combine(folder, qube + ".link"), agentPath = Path.Combine(folder, qube + ".sock");
        using Socket? other = TryConnect(linkPath);
        if (other is not null)
        {
            return 0; // another keeper holds this qube
        }

        using Socket links = Listen(linkPath), agents = Listen(agentPath);
        Directory.CreateDirectory(QubePaths.Home(qube));
        var spec = new SandboxSpec(qube, agentPath, QubePaths.Home(qube), screen.Width, screen.Height, settings.Limits)
        {
            CommandLogPath = QubePaths.CommandLog(qube),
            Network = settings.Network,
            Scale = settings.Scale,
        };
        using QubeSandbox sandbox = QubeSandbox.Start(spec);
        Console.Error.WriteLine($"qube {qube} started (keeper process {Environment.ProcessId}, sandbox process {sandbox.ProcessId}; {sandbox.LimitsSummary}; network {sandbox.NetworkSummary}; scale {settings.Scale.Percent}%); links on {linkPath}");
        var watchdog = new Thread(() =>
        {
            while (sandbox.IsRunning)
            {
                Thread.Sleep(500);
            }

            Console.Error.WriteLine($"qube {qube} has ended");
            Environment.Exit(0);
        }) { IsBackground = true };
        watchdog.Start();

        Socket? current = null;
        Thread? exporter = null;
        while (true)
        {
            Socket client = links.Accept();
            byte[] kind = new byte[1];
            if (client.Receive(kind) != 1)
            {
                client.Dispose();
                continue;
            }

            if (kind[0] == RunRequest)
            {
                RunInSandbox(sandbox, client);
                continue;
            }

            if (kind[0] == StopRequest)
            {
                client.Dispose();
                Console.Error.WriteLine($"qube {qube} stopped by the user");
                sandbox.Dispose(); // every process of the qube ends
                links.Dispose(); // nothing answers on the link's path any more: `stop` waits for that
                File.Delete(linkPath);
                Environment.Exit(0);
            }

            // A new link replaces the old one: the old exporter ends, its agent connection closes, and
            // the agent, reconnecting, is the new link's (it announces every window again).
            current?.Dispose();
            exporter?.Join();
            current = client;
            exporter = new Thread(() => Export(agents, client)) { IsBackground = true, Name = "guivirt remote: exporter" };
            exporter.Start();
        }
    }

    /// <summary>`guivirt remote import SOCKET`: the importer, on the link's standard input and output.</summary>
    public static int Import(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return Fail($"cannot reach the daemon at {socketPath}: {e.SocketErrorCode}");
        }

        using var channel = new MessageChannel(socket, PeerRole.Daemon, new ChannelOptions { OutboundLimitBytes = 8 << 20 });
        using var importer = new Importer(Console.OpenStandardInput(), Console.OpenStandardOutput(), channel);
        var run = Task.Factory.StartNew(importer.Run, TaskCreationOptions.LongRunning);
        Task.WaitAny(run, importer.DaemonGone.Task);
        if (run.IsFaulted)
        {
            // One log line, whatever ended it (the daemon logs it with the qube's name).
            Exception problem = run.Exception!.InnerException ?? run.Exception;
            bool refused = problem is RemoteStreamException or ProtocolViolationException or ArgumentException;
            Console.Error.WriteLine(refused ? $"the remote stream was refused: {problem.Message}" : $"the link ended: {problem.GetType().Name}: {problem.Message}");
            Environment.Exit(refused ? 3 : 1);
        }

        Environment.Exit(0);
        return 0;
    }

    private static void Export(Socket agents, Socket link)
    {
        try
        {
            using Socket agent = agents.Accept();
            using var channel = new MessageChannel(agent, PeerRole.Agent, new ChannelOptions { OutboundLimitBytes = 8 << 20 });
            using var stream = new NetworkStream(link, ownsSocket: false);
            var exporter = new Exporter(channel, stream, stream);
            exporter.Run();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or RemoteStreamException or ProtocolViolationException or ArgumentException)
        {
            Console.Error.WriteLine($"link over: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            link.Dispose();
        }
    }

    private static void RunInSandbox(QubeSandbox sandbox, Socket client)
    {
        using (client)
        {
            using var stream = new NetworkStream(client, ownsSocket: false);
            byte[] length = new byte[4];
            stream.ReadExactly(length);
            int count = BinaryPrimitives.ReadInt32LittleEndian(length);
            if (count is < 1 or > MaxCommandBytes)
            {
                return;
            }

            byte[] words = new byte[count];
            stream.ReadExactly(words);
            string answer;
            try
            {
                CommandLaunch launch = sandbox.Run(Encoding.UTF8.GetString(words).Split('\0'));
                answer = launch.Started.Wait(TimeSpan.FromSeconds(10)) ? launch.Started.Result switch
                {
                    CommandState.Started => "started",
                    CommandState.NotFound => "not-found",
                    _ => "error cannot be executed",
                } : "error the qube did not say whether it started";
            }
            catch (Exception e) when (e is SandboxException or ArgumentException)
            {
                answer = "error " + e.Message;
            }

            stream.Write(Encoding.UTF8.GetBytes(answer + "\n"));
        }
    }

    /// <summary>Where the far side's sockets and log are: $XDG_RUNTIME_DIR/guivirt-remote, or /tmp/guivirt-remote-UID (0700).</summary>
    private static string Folder()
    {
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string folder = runtime is { Length: > 0 } && Directory.Exists(runtime)
            ? Path.Combine(runtime, "guivirt-remote")
            : Path.Combine(Path.GetTempPath(), $"guivirt-remote-{Tmds.Linux.LibC.getuid()}");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static void StartKeeper(string qube, (int Width, int Height) screen, FarQubeSettings settings)
    {
        string program = Environment.ProcessPath ?? "guivirt";
        List<string> self = Path.GetFileName(program) == "dotnet" ? [program, Path.Combine(AppContext.BaseDirectory, "guivirt.dll")] : [program];
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.Environment["GUIVIRT_KEEPER_LOG"] = Path.Combine(Folder(), qube + ".log");
        foreach (string argument in (string[])["-f", "sh", "-c", "exec \"$0\" \"$@\" </dev/null >>\"$GUIVIRT_KEEPER_LOG\" 2>&1", .. self, "remote", "keep", qube, "--screen", string.Create(CultureInfo.InvariantCulture, $"{screen.Width}x{screen.Height}"), .. settings.Arguments()])
        {
            start.ArgumentList.Add(argument);
        }

        using Process? process = Process.Start(start);
        process?.WaitForExit();
    }

    private static Socket? WaitForKeeper(string linkPath)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < KeeperStart)
        {
            if (TryConnect(linkPath) is { } link)
            {
                return link;
            }

            Thread.Sleep(100);
        }

        return null;
    }

    private static Socket? TryConnect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private static Socket Listen(string path)
    {
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        socket.Listen(4);
        return socket;
    }

    private static async Task CopyAsync(Stream from, Stream to)
    {
        byte[] buffer = new byte[256 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                await to.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"guivirt remote: {message}");
        return 1;
    }

    /// <summary>A value the host sent that this side does not take: said, and exit 2, as every usage error.</summary>
    internal static int UsageError(string message)
    {
        Console.Error.WriteLine($"guivirt remote: {message}");
        return 2;
    }
}
