using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GuiVirt.GuiDaemon.Control;

namespace GuiVirt.Cli;

/// <summary>The command line's side of the control socket: one request, one answer.</summary>
public static class ControlClient
{
    /// <summary>Sends a request to the daemon listening in <paramref name="directory"/>; throws <see cref="ControlException"/> with what to do.</summary>
    public static ControlResponse Send(string directory, ControlRequest request, TimeSpan timeout)
    {
        string path = ControlPaths.ControlSocket(directory);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            throw new ControlException($"no guivirt daemon is running (nothing listens on {path}): start one with `guivirt daemon`");
        }

        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        using var stream = new NetworkStream(socket, ownsSocket: false);
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(request, ControlJson.Default.ControlRequest), (byte)'\n'];
        stream.Write(line);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? answer;
        try
        {
            answer = reader.ReadLine();
        }
        catch (IOException)
        {
            throw new ControlException($"the daemon did not answer within {timeout.TotalSeconds} s");
        }

        return answer is null
            ? throw new ControlException("the daemon closed the connection without answering")
            : JsonSerializer.Deserialize(answer, ControlJson.Default.ControlResponse) ?? throw new ControlException("the daemon's answer was empty");
    }
}

/// <summary>A command-line problem with a message for the user.</summary>
public sealed class ControlException(string message) : Exception(message);
