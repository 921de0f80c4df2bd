using System.Net.Sockets;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// A configured qube's socket. The socket is the qube's identity: whoever connects here speaks for
/// this qube and no other, whatever it says. One agent at a time.
/// </summary>
internal sealed class QubeEndpoint : IDisposable
{
    private QubeEndpoint(QubeConfig qube, Socket listener, string path, MessageBudget budget)
    {
        Qube = qube;
        Listener = listener;
        Path = path;
        Budget = budget;
    }

    public QubeConfig Qube { get; }

    public Socket Listener { get; }

    public string Path { get; }

    /// <summary>The qube's message rate; it outlives a connection, so reconnecting does not refill it.</summary>
    public MessageBudget Budget { get; }

    /// <summary>True while the qube is over its message rate and its socket is not read.</summary>
    public bool IsThrottled { get; set; }

    /// <summary>The connected agent, if any.</summary>
    public QubeSession? Session { get; set; }

    /// <summary>The qube's sandbox, when the daemon started it (`guivirt run`); qubes started elsewhere have none.</summary>
    public Sandbox.QubeSandbox? Sandbox { get; set; }

    /// <summary>The qube's remote link (docs/remote.md), when it runs on another machine; its importer is this socket's agent.</summary>
    public Remote.RemoteLink? Remote { get; set; }

    /// <summary>Binds DIRECTORY/NAME.sock, readable and writable by the user only; the message budget runs on <paramref name="time"/>.</summary>
    public static QubeEndpoint Listen(QubeConfig qube, string directory, ResourceLimits limits, TimeProvider time)
    {
        string path = System.IO.Path.Combine(directory, qube.Name + ".sock");
        File.Delete(path); // a stale socket of an earlier daemon
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(4);
            listener.Blocking = false;
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new QubeEndpoint(qube, listener, path, new MessageBudget(limits.MessagesPerSecond, time));
    }

    public void Dispose()
    {
        Session?.Dispose();
        Sandbox?.Dispose();
        Remote?.Dispose();
        Listener.Dispose();
        File.Delete(Path);
    }
}
