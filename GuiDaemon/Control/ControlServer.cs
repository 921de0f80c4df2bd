using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GuiVirt.GuiDaemon.Control;

/// <summary>
/// The host-only control socket (mode 0600 in a 0700 directory): the user's own `guivirt`
/// commands, never a qube. Still bounded: a request is one line of at most
/// <see cref="MaxRequestBytes"/>, and a client that does not finish it in time is dropped.
/// Non-blocking, served from the daemon's loop. An answer that depends on a qube (did the command
/// start?) is a task: its client waits, parked and out of the poll set, while the loop goes on,
/// at most <see cref="MaxWaitingClients"/> of them.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    public const int MaxRequestBytes = 64 * 1024;
    public const int MaxWaitingClients = 64;
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

    /// <summary>The clients whose request is still being read (a parked one waits on its answer, not on its socket).</summary>
    public IEnumerable<Socket> ClientSockets => _clients.Where(c => c.Answer is null).Select(c => c.Socket);

    /// <summary>
    /// Accepts (only when <paramref name="listenerReadable"/>: the daemon's poll saw a connection
    /// waiting), reads and answers whatever is ready; <paramref name="handle"/> turns a request into
    /// an answer, at once or later (the caller wakes the loop when a later one completes).
    /// </summary>
    public void Serve(Func<ControlRequest, Task<ControlResponse>> handle, bool listenerReadable)
    {
        // A failed non-blocking accept costs an exception and a socket the kernel makes and frees:
        // done on every turn of the loop, that was a large part of the daemon's CPU per frame.
        while (listenerReadable && TryAccept() is { } socket)
        {
            _clients.Add(new Client(socket, DateTime.UtcNow + ClientTimeout));
        }

        foreach (Client client in _clients.ToList())
        {
            if (client.Answer is { } waiting)
            {
                if (waiting.IsCompleted)
                {
                    Answer(client, Outcome(waiting));
                }
                else if (HasHungUp(client.Socket))
                {
                    Drop(client); // the user gave up (Ctrl+C on `guivirt run --wait`)
                }

                continue;
            }

            if (TryReadLine(client) is not { } line)
            {
                if (client.Done || DateTime.UtcNow > client.Deadline)
                {
                    Drop(client);
                }

                continue;
            }

            Task<ControlResponse> answer;
            try
            {
                ControlRequest request = JsonSerializer.Deserialize(line, ControlJson.Default.ControlRequest)
                    ?? throw new JsonException("empty request");
                answer = _clients.Count(c => c.Answer is not null) >= MaxWaitingClients
                    ? Task.FromResult(new ControlResponse(false, $"{MaxWaitingClients} commands already wait for their answer; try again when one has ended"))
                    : handle(request);
            }
            catch (JsonException e)
            {
                answer = Task.FromResult(new ControlResponse(false, $"malformed request: {e.Message}"));
            }

            if (answer.IsCompleted)
            {
                Answer(client, Outcome(answer));
            }
            else
            {
                client.Answer = answer;
            }
        }
    }

    /// <summary>Closes the socket; a client still waiting is told that the daemon stopped.</summary>
    public void Dispose()
    {
        foreach (Client client in _clients.ToList())
        {
            if (client.Answer is not null)
            {
                Answer(client, new ControlResponse(false, "the daemon stopped before this command's outcome was known"));
            }
        }

        _clients.ForEach(c => c.Socket.Dispose());
        Listener.Dispose();
        File.Delete(_path);
    }

    private static ControlResponse Outcome(Task<ControlResponse> answer) =>
        answer.IsCompletedSuccessfully ? answer.Result : new ControlResponse(false, $"the daemon could not tell: {answer.Exception?.InnerException?.Message ?? "cancelled"}");

    private void Answer(Client client, ControlResponse response)
    {
        byte[] bytes = [.. JsonSerializer.SerializeToUtf8Bytes(response, ControlJson.Default.ControlResponse), (byte)'\n'];
        try
        {
            client.Socket.Blocking = true; // a few hundred bytes to a local client: its buffer takes them at once
            client.Socket.SendTimeout = 1000;
            client.Socket.Send(bytes);
        }
        catch (SocketException)
        {
        }

        Drop(client);
    }

    /// <summary>True when a parked client closed its end (a request is one line: nothing more may come).</summary>
    private static bool HasHungUp(Socket socket)
    {
        try
        {
            Span<byte> probe = stackalloc byte[1];
            return socket.Receive(probe, SocketFlags.Peek) == 0 || socket.Available > 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
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

        /// <summary>The answer it waits for, once its request was read.</summary>
        public Task<ControlResponse>? Answer { get; set; }
    }
}
