using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GuiVirt.GuiDaemon.Control;

/// <summary>
/// The host-only control socket (mode 0600 in a 0700 directory): the user's own `guivirt`
/// commands, never a qube. Still bounded: a request is one line of at most
/// <see cref="MaxRequestBytes"/>, and a client that does not finish it in time is dropped.
/// Non-blocking, served from the daemon's loop.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    public const int MaxRequestBytes = 64 * 1024;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    private readonly List<Client> _clients = [];
    private readonly string _path;

    public ControlServer(string directory)
    {
        _path = ControlPaths.ControlSocket(directory);
        File.Delete(_path);
        Listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Listener.Bind(new UnixDomainSocketEndPoint(_path));
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Listener.Listen(8);
        Listener.Blocking = false;
    }

    public Socket Listener { get; }

    public IEnumerable<Socket> ClientSockets => _clients.Select(c => c.Socket);

    /// <summary>
    /// Accepts (only when <paramref name="listenerReadable"/>: the daemon's poll saw a connection
    /// waiting), reads and answers whatever is ready; <paramref name="handle"/> turns a request into an answer.
    /// </summary>
    public void Serve(Func<ControlRequest, ControlResponse> handle, bool listenerReadable)
    {
        // A failed non-blocking accept costs an exception and a socket the kernel makes and frees:
        // done on every turn of the loop, that was a large part of the daemon's CPU per frame.
        while (listenerReadable && TryAccept() is { } socket)
        {
            _clients.Add(new Client(socket, DateTime.UtcNow + ClientTimeout));
        }

        foreach (Client client in _clients.ToList())
        {
            if (TryReadLine(client) is not { } line)
            {
                if (client.Done || DateTime.UtcNow > client.Deadline)
                {
                    Drop(client);
                }

                continue;
            }

            ControlResponse response;
            try
            {
                ControlRequest request = JsonSerializer.Deserialize(line, ControlJson.Default.ControlRequest)
                    ?? throw new JsonException("empty request");
                response = handle(request);
            }
            catch (JsonException e)
            {
                response = new ControlResponse(false, $"malformed request: {e.Message}");
            }

            byte[] answer = [.. JsonSerializer.SerializeToUtf8Bytes(response, ControlJson.Default.ControlResponse), (byte)'\n'];
            try
            {
                client.Socket.Blocking = true; // a few hundred bytes to a local client: its buffer takes them at once
                client.Socket.SendTimeout = 1000;
                client.Socket.Send(answer);
            }
            catch (SocketException)
            {
            }

            Drop(client);
        }
    }

    public void Dispose()
    {
        _clients.ForEach(c => c.Socket.Dispose());
        Listener.Dispose();
        File.Delete(_path);
    }

    private Socket? TryAccept()
    {
        try
        {
            Socket socket = Listener.Accept();
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return null;
        }
    }

    private static string? TryReadLine(Client client)
    {
        var chunk = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = client.Socket.Receive(chunk);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return null;
            }
            catch (SocketException)
            {
                client.Done = true;
                return null;
            }

            if (read == 0)
            {
                client.Done = true;
                return null;
            }

            client.Buffer.Write(chunk, 0, read);
            byte[] bytes = client.Buffer.GetBuffer();
            int end = Array.IndexOf(bytes, (byte)'\n', 0, (int)client.Buffer.Length);
            if (end >= 0)
            {
                return Encoding.UTF8.GetString(bytes, 0, end);
            }

            if (client.Buffer.Length > MaxRequestBytes)
            {
                client.Done = true;
                return null;
            }
        }
    }

    private void Drop(Client client)
    {
        client.Socket.Dispose();
        _clients.Remove(client);
    }

    private sealed class Client(Socket socket, DateTime deadline)
    {
        public Socket Socket { get; } = socket;
        public DateTime Deadline { get; } = deadline;
        public MemoryStream Buffer { get; } = new();
        public bool Done { get; set; }
    }
}
