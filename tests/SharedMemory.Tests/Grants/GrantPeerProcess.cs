using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GuiVirt.GrantPeer;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>
/// One running GrantPeer, connected over a private Unix socket. Dispose tells it to finish and
/// kills it if it does not; it only ever kills the process it started itself.
/// </summary>
internal sealed class GrantPeerProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory;
    private readonly Process _process;
    private readonly Socket _connection;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly StringBuilder _output;

    private GrantPeerProcess(DirectoryInfo directory, Process process, Socket connection, StringBuilder output)
    {
        _directory = directory;
        _process = process;
        _connection = connection;
        _output = output;
        var stream = new NetworkStream(connection, ownsSocket: false);
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
    }

    /// <summary>Starts GrantPeer in <paramref name="mode"/> and waits until it has connected.</summary>
    public static GrantPeerProcess Start(string mode, long sizeBytes)
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("guivirt-grants-");
        string socketPath = Path.Combine(directory.FullName, "peer.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PeerAssemblyPath());
        start.ArgumentList.Add(socketPath);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(sizeBytes.ToString(CultureInfo.InvariantCulture));

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Poll instead of a bare Accept so a peer that dies on start fails the test quickly.
        var clock = Stopwatch.StartNew();
        while (!listener.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
        {
            if (process.HasExited || clock.Elapsed > Timeout)
            {
                Kill(process);
                process.Dispose();
                directory.Delete(recursive: true);
                throw new InvalidOperationException($"GrantPeer did not connect: {Snapshot(output)}");
            }
        }
        // Synchronous Accept: the accepted socket stays blocking, which TestFdPassing expects.
        Socket connection = listener.Accept();
        connection.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
        return new GrantPeerProcess(directory, process, connection, output);
    }

    /// <summary>Receives the fd the peer sends first (null if the message carried none).</summary>
    public SafeFileHandle? ReceiveFd()
    {
        SafeFileHandle? fd = TestFdPassing.Receive(_connection, Timeout, out byte tag);
        Assert.Equal(PeerProtocol.FdTag, tag);
        return fd;
    }

    /// <summary>The peer's next line; fails the test if the peer hung up.</summary>
    public string ReadLine() =>
        _reader.ReadLine() ?? throw new InvalidOperationException($"GrantPeer closed the socket: {Snapshot(_output)}");

    /// <summary>Sends one line to the peer.</summary>
    public void WriteLine(string line) => _writer.WriteLine(line);

    public void Dispose()
    {
        try
        {
            _writer.WriteLine(PeerProtocol.Done);
        }
        catch (IOException)
        {
            // The peer is gone already; nothing to tell it.
        }
        if (!_process.WaitForExit(Timeout))
        {
            Kill(_process);
        }
        _reader.Dispose();
        _writer.Dispose();
        _connection.Dispose();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    // `dotnet test` tells its children which host it runs on; plain `dotnet` otherwise.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>
    /// GrantPeer is built next to this project by a ProjectReference. Its output folder mirrors
    /// ours (bin/CONFIG/TFM) under tests/GrantPeer; the repository root is the folder with the .sln.
    /// </summary>
    private static string PeerAssemblyPath()
    {
        string ownOutput = AppContext.BaseDirectory;
        DirectoryInfo? root = new(ownOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GuiVirt.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new FileNotFoundException($"no GuiVirt.sln above {ownOutput}");
        }
        string ownProject = Path.Combine(root.FullName, "tests", "SharedMemory.Tests");
        string relativeOutput = Path.GetRelativePath(ownProject, ownOutput);
        string peer = Path.Combine(root.FullName, "tests", "GrantPeer", relativeOutput, "GuiVirt.GrantPeer.dll");
        return File.Exists(peer) ? peer : throw new FileNotFoundException("GrantPeer is not built", peer);
    }
}
