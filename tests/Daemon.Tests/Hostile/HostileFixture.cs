using System.Globalization;
using System.Text;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// One daemon on one host Xvfb for every hostile scenario (each attacks through its own qube, so
/// log lines never mix), and one honest qube: the real agent and a TestApp animating in the
/// qube's own Xvfb. After each attack the honest window must still change on the host screen.
/// </summary>
public sealed class HostileFixture : IDisposable
{
    /// <summary>Bound on the daemon's resident memory (VmHWM) through any scenario.</summary>
    public const long MemoryBoundKiB = 256 * 1024;

    /// <summary>A qube for an honest raw agent that a scenario starts itself (<see cref="PacedAgent"/>), measured while it attacks another qube.</summary>
    public const string PacedQube = "paced";

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-hostile-").FullName;
    private readonly XvfbServer _qube = new(640, 480);
    private readonly AgentProcess _agent;
    private readonly TestAppProcess _app;
    private XRect _honestArea;

    public HostileFixture()
    {
        Host = new XvfbServer(1280, 800);
        string config = Path.Combine(_directory, "config.toml");
        File.WriteAllText(config, Config());
        Daemon = new DaemonProcess(Host.Display, Path.Combine(_directory, "sockets"), (IEnumerable<string>)["--config", config]);
        _app = TestAppProcess.Start(_qube.Display, "--geometry", "200x150+20+20", "--title", "honest", "--fps", "10", "--seed", "7");
        _agent = new AgentProcess(_qube.Display, Daemon.SocketOf("honest"));
        Screen = new HostScreen(Host.Display);
        (_, XRect bounds) = Screen.WaitForWindow("[honest] honest", 60);
        _honestArea = new XRect(bounds.X + 40, bounds.Y + 40, 60, 40);
        Results = Path.Combine(AppContext.BaseDirectory, "hostile-results.tsv");
        File.WriteAllText(Results, "scenario\tresult\tVmHWM_KiB\tVmRSS_KiB\tseconds\n");
    }

    public XvfbServer Host { get; }

    public DaemonProcess Daemon { get; }

    internal HostScreen Screen { get; }

    /// <summary>The honest app's own window id in its qube (a real id of another qube, for cross-qube attacks).</summary>
    public uint HonestWindowId => (uint)_app.Window;

    /// <summary>A tab-separated table of every scenario's result and the daemon's peak memory, next to the test assembly.</summary>
    public string Results { get; }

    /// <summary>
    /// The honest qube keeps updating on the host: the pixels of its window change within the
    /// timeout (its app draws a new frame ten times a second).
    /// </summary>
    public void AssertHonestQubeUpdates(double seconds = 30)
    {
        uint[] before = Screen.Screenshot(_honestArea);
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Screen.Screenshot(_honestArea).SequenceEqual(before))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the honest qube's window stopped updating on the host\n{Daemon.Log[^Math.Min(4000, Daemon.Log.Length)..]}");
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// The user brings the honest window to the front (earlier attackers' windows may cover it)
    /// and clicks into it, which focuses it; the pointer stays there.
    /// </summary>
    public (int X, int Y) FocusHonestWindow()
    {
        (int x, int y) = (_honestArea.X + 30, _honestArea.Y + 20);
        XWindow honest = Screen.WaitForWindow("[honest] honest").Window;
        Assert.Equal(0, ToolProcess.Run(Host.Display, "xdotool", "windowraise", $"{honest.Id}", "mousemove", $"{x}", $"{y}").ExitCode);
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (Screen.Display.PointerWindow() != honest)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the honest window never came under the pointer at ({x}, {y})");
            Thread.Sleep(50);
        }

        Screen.ClickToFocus(x, y);
        return (x, y);
    }

    /// <summary>The user types <paramref name="letter"/> on the host keyboard; it must reach the honest app.</summary>
    public void TypeIntoHonestApp(string letter)
    {
        bool IsPress(string line) => line.StartsWith("key press", StringComparison.Ordinal) && line.EndsWith($"text={letter}", StringComparison.Ordinal);
        int before = _app.Lines.Count(IsPress); // counted before the key is sent: the new press is the one after these
        Assert.Equal(0, ToolProcess.Run(Host.Display, "xdotool", "key", letter).ExitCode);
        _app.WaitForLine(line => IsPress(line) && before-- <= 0, TimeSpan.FromSeconds(15));
    }

    /// <summary>Resets the daemon's peak resident size (VmHWM), so the next reading is this scenario's peak.</summary>
    public void ResetPeakMemory() => File.WriteAllText($"/proc/{Daemon.ProcessId}/clear_refs", "5");

    /// <summary>The daemon's VmHWM and VmRSS, in KiB.</summary>
    public (long PeakKiB, long NowKiB) Memory()
    {
        long Field(string[] lines, string name) =>
            long.Parse(lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        string[] status = File.ReadAllLines($"/proc/{Daemon.ProcessId}/status");
        return (Field(status, "VmHWM"), Field(status, "VmRSS"));
    }

    public void Record(string scenario, string result, long peakKiB, long nowKiB, double seconds)
    {
        lock (this)
        {
            File.AppendAllText(Results, string.Create(CultureInfo.InvariantCulture, $"{scenario}\t{result}\t{peakKiB}\t{nowKiB}\t{seconds:F1}\n"));
        }
    }

    public void Dispose()
    {
        Screen.Dispose();
        _agent.Dispose();
        _app.Dispose();
        Daemon.Dispose();
        _qube.Dispose();
        Host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The honest peer qube of copy scenario <paramref name="scenario"/>.</summary>
    public static string PeerOf(string scenario) => "p-" + scenario;

    /// <summary>Default limits for all, a qube per scenario (with its own limits where the scenario says), and the honest qube.</summary>
    private static string Config()
    {
        // A copy that stalls fails after 10 s (the default is 30): a target that never acknowledges is seen soon, and a second `guivirt copy` (a process start, slow on a busy machine) still finds the first in progress.
        var text = new StringBuilder($"[copy]\ntimeout_seconds = 10\n\n[[qube]]\nname = \"honest\"\nlabel = \"green\"\n\n[[qube]]\nname = \"{PacedQube}\"\nlabel = \"green\"\n");
        foreach (HostileScenario scenario in HostileScenarios.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[[qube]]\nname = \"{scenario.Name}\"\nlabel = \"red\"\n{scenario.QubeSettings}");
            if (scenario.Name.StartsWith("copy-", StringComparison.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n[[qube]]\nname = \"{PeerOf(scenario.Name)}\"\nlabel = \"green\"\n");
            }
        }

        return text.ToString();
    }
}
