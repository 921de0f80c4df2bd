using GuiVirt.Headless;

namespace GuiVirt.TestSupport;

/// <summary>
/// The rig of most daemon tests: the host's X server, one qube's own Xvfb, the daemon on the host
/// with that qube, and the qube's agent; the processes a test starts with <see cref="Keep"/> are
/// stopped before them. If a part fails to start, what had started is stopped at once: the test
/// framework disposes nothing whose constructor threw, and a leaked Xvfb outlives the run.
/// </summary>
public sealed class HostAndQube : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-test-").FullName;
    private readonly List<IDisposable> _kept = [];

    /// <param name="qube">The daemon's qube, "NAME:LABEL".</param>
    /// <param name="daemonArguments">More daemon arguments (<c>--decorations strip</c>, ...).</param>
    /// <param name="host">The host's X server, owned by the rig from now on; a 1280x800 Xvfb when null.</param>
    /// <param name="qubeWidth">The qube Xvfb's width.</param>
    /// <param name="qubeHeight">The qube Xvfb's height.</param>
    public HostAndQube(string qube, IEnumerable<string>? daemonArguments = null, XvfbServer? host = null, int qubeWidth = 1280, int qubeHeight = 800)
    {
        Host = host!;
        try
        {
            Host = host ?? new XvfbServer(1280, 800);
            Qube = new XvfbServer(qubeWidth, qubeHeight);
            Daemon = new DaemonProcess(Host.Display, Path.Combine(_directory, "sockets"), daemonArguments ?? [], qube);
            Agent = new AgentProcess(Qube.Display, Daemon.SocketOf(qube.Split(':')[0]));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public XvfbServer Host { get; }

    public XvfbServer Qube { get; } = null!;

    public DaemonProcess Daemon { get; } = null!;

    public AgentProcess Agent { get; } = null!;

    /// <summary>Stops <paramref name="process"/> with the rig, before the agent and the daemon.</summary>
    public T Keep<T>(T process)
        where T : IDisposable
    {
        _kept.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (IDisposable process in Enumerable.Reverse(_kept))
        {
            process.Dispose();
        }

        Agent?.Dispose();
        Daemon?.Dispose();
        Qube?.Dispose();
        Host?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
