using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.WindowManager;

/// <summary>
/// A user's desktop with a real reparenting window manager: the host Xvfb, the manager (started
/// as its own process and ready before the daemon starts), the daemon, and one qube (its own Xvfb
/// and the real agent). Geometry is read as the two sides see it: the host window's root bounds,
/// wherever the manager's frame is, and the app's own window in the qube's X server.
/// </summary>
internal sealed class Desktop : IDisposable
{
    public const int Frame = 2;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-wm-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _qube = new(1280, 800);
    private readonly WindowManagerProcess? _manager;
    private readonly DaemonProcess? _daemon;
    private readonly AgentProcess? _agent;
    private readonly List<IDisposable> _apps = [];

    public Desktop(string windowManager)
    {
        try
        {
            _manager = new WindowManagerProcess(_host.Display, windowManager);
            _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "work:green");
            _agent = new AgentProcess(_qube.Display, _daemon.SocketOf("work"));
            Screen = new HostScreen(_host.Display);
            Qube = XDisplay.Open(_qube.Display);
        }
        catch
        {
            Dispose(); // the test framework disposes nothing whose constructor threw: no server is left running
            throw;
        }
    }

    public string HostDisplay => _host.Display;

    public string QubeDisplay => _qube.Display;

    public HostScreen Screen { get; } = null!;

    /// <summary>The test's own connection to the qube's X server (what the app sees).</summary>
    public XDisplay Qube { get; } = null!;

    /// <summary>Everything the processes printed, for a failure's message.</summary>
    public string Logs => $"window manager {_manager?.Name} log:\n{_manager?.Log}\ndaemon log:\n{_daemon?.Log}\nagent log:\n{_agent?.Log}";

    public void Dispose()
    {
        _apps.ForEach(app => app.Dispose());
        Qube?.Dispose();
        Screen?.Dispose();
        _agent?.Dispose();
        _daemon?.Dispose();
        _manager?.Dispose();
        _qube.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts a TestApp in the qube.</summary>
    public TestAppProcess Start(params string[] arguments)
    {
        TestAppProcess app = TestAppProcess.Start(_qube.Display, arguments);
        _apps.Add(app);
        return app;
    }

    /// <summary>The app's window as the qube's X server has it (the agent never reparents: root coordinates).</summary>
    public XRect InQube(TestAppProcess app) =>
        Qube.TryGetGeometry(new XWindow(app.Window))?.Bounds ?? throw new InvalidOperationException("the app's window is gone");

    /// <summary>The host window of <paramref name="title"/>, once mapped, and its root bounds.</summary>
    public (XWindow Window, XRect Bounds) HostWindow(string title)
    {
        try
        {
            return Screen.WaitForWindow(title);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Logs}", e);
        }
    }

    /// <summary>The qube's window is the host window less the frame, exactly.</summary>
    public static XRect QubeBoundsOf(XRect host) => new(host.X + Frame, host.Y + Frame, host.Width - (2 * Frame), host.Height - (2 * Frame));

    /// <summary>Waits until the host window and the app's window agree exactly (the frame apart); returns the host bounds.</summary>
    public XRect WaitUntilInStep(XWindow host, TestAppProcess app, Func<XRect, bool>? hostIs = null, string what = "host and qube to agree")
    {
        XRect hostBounds = default, qubeBounds = default;
        WaitFor(() =>
        {
            hostBounds = Screen.RootBounds(host);
            qubeBounds = InQube(app);
            return QubeBoundsOf(hostBounds) == qubeBounds && (hostIs?.Invoke(hostBounds) ?? true);
        }, () => $"{what}: host {hostBounds}, qube {qubeBounds}");
        return hostBounds;
    }

    /// <summary>Runs an X tool on the host display; it must succeed.</summary>
    public void OnHost(string tool, params string[] arguments)
    {
        (int code, _) = ToolProcess.Run(_host.Display, tool, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {code}");
        }
    }

    public void WaitFor(Func<bool> condition, Func<string> what, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what()}\n{Logs}");
            }

            Thread.Sleep(50);
        }
    }
}
