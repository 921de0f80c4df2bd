using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// A host Xvfb, a real daemon on it for qubes "a" (blue) and "b" (red), qube homes under a
/// temporary data folder, and the sandboxes started through it, all stopped on Dispose.
/// </summary>
internal sealed class QubeRig : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-sandbox-test-").FullName;
    private readonly List<QubeSandbox> _sandboxes = [];

    public QubeRig()
    {
        Host = new XvfbServer(1280, 800);
        Daemon = new DaemonProcess(Host.Display, Path.Combine(_directory, "sockets"), "a:blue", "b:red");
    }

    public XvfbServer Host { get; }

    public DaemonProcess Daemon { get; }

    /// <summary>The host folder bound at /home/user in qube <paramref name="qube"/>.</summary>
    public string HomeOf(string qube) => QubePaths.Home(qube, Path.Combine(_directory, "data"));

    /// <summary>What <see cref="Start(string)"/> starts qube <paramref name="qube"/> from: its screen the host's, as the daemon's.</summary>
    public SandboxSpec SpecOf(string qube) => new(qube, Daemon.SocketOf(qube), HomeOf(qube), Host.Width, Host.Height);

    public QubeSandbox Start(string qube) => Track(QubeSandbox.Start(SpecOf(qube)));

    /// <summary>The same, with the qube's cgroup made by <paramref name="cgroups"/>.</summary>
    public QubeSandbox Start(string qube, GuiVirt.GuiDaemon.Sandbox.Cgroups.QubeCgroups cgroups) => Track(QubeSandbox.Start(SpecOf(qube), cgroups));

    private QubeSandbox Track(QubeSandbox sandbox)
    {
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    /// <summary>
    /// Runs `sh -c SCRIPT sh ARGS...` in the qube; the script writes its result to $out, which is
    /// moved to /home/user/NAME when complete. Returns that file's text as the host sees it.
    /// </summary>
    public string RunForResult(QubeSandbox sandbox, string qube, string name, string script, params string[] arguments)
    {
        string result = Path.Combine(HomeOf(qube), name);
        File.Delete(result);
        sandbox.Run(["sh", "-c", $"out=/home/user/.{name}.part; {{ {script}\n}} > \"$out\"; mv \"$out\" /home/user/{name}", "sh", .. arguments]);
        return WaitForFile(result);
    }

    public static string WaitForFile(string path, double seconds = 30)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} never appeared");
            }

            Thread.Sleep(50);
        }

        return File.ReadAllText(path);
    }

    public void Dispose()
    {
        foreach (QubeSandbox sandbox in Enumerable.Reverse(_sandboxes))
        {
            sandbox.Dispose();
        }

        Daemon.Dispose();
        Host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
