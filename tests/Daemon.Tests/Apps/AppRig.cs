using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Apps;

/// <summary>
/// What a person has: a desktop (a host Xvfb), a real `guivirt daemon` on it, and the `guivirt run`
/// command, which creates a qube, starts its sandbox and runs an app there. Qube homes live under
/// this rig's own data folder (the daemon's XDG_DATA_HOME), so a test can put a file in a qube's
/// home before the app starts and read what the app wrote. Input is typed with xdotool on the host
/// display, which is XTEST on the host: the keys go through the daemon and the agent as a user's do.
/// </summary>
internal sealed class AppRig : IDisposable
{
    /// <summary>A browser starts in 10 to 30 s on two busy cores; a fresh home also builds its font cache.</summary>
    public const double AppStartSeconds = 120;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-apps-test-").FullName;
    private readonly HashSet<string> _qubes = [];
    private readonly WindowManagerProcess? _manager;

    /// <param name="windowManager">A reparenting window manager on the desktop (openbox, fluxbox), started before the daemon; none by default.</param>
    /// <param name="config">The daemon's configuration file's text (written in this rig's folder and given with --config); none by default.</param>
    public AppRig(string? windowManager = null, string? config = null)
    {
        Host = new XvfbServer(1920, 1080);
        _manager = windowManager is null ? null : new WindowManagerProcess(Host.Display, windowManager);
        string[] arguments = [];
        if (config is not null)
        {
            string file = Path.Combine(_directory, "config.toml");
            File.WriteAllText(file, config);
            arguments = ["--config", file];
        }

        Daemon = new DaemonProcess(Host.Display, Sockets, new Dictionary<string, string?> { ["XDG_DATA_HOME"] = DataHome }, arguments);
        Daemon.SocketOf("control"); // `guivirt run` needs the control socket
        Screen = new HostScreen(Host.Display);
    }

    public XvfbServer Host { get; }

    public DaemonProcess Daemon { get; }

    public HostScreen Screen { get; }

    private string Sockets => Path.Combine(_directory, "sockets");

    private string DataHome => Path.Combine(_directory, "data");

    /// <summary>The host folder that qube <paramref name="qube"/> sees as /home/user (the daemon finds the same one).</summary>
    public string HomeOf(string qube) => QubePaths.Home(qube, DataHome);

    /// <summary>`guivirt run QUBE --label LABEL -- COMMAND...`, which must succeed.</summary>
    public void Run(string qube, string label, params string[] command)
    {
        _qubes.Add(qube);
        (int code, string output, string errors) = GuivirtCli.Run(Sockets, ["run", qube, "--label", label, "--", .. command]);
        Assert.True(code == 0, $"guivirt run failed ({code}): {output}{errors}\ndaemon log:\n{Daemon.Log}");
    }

    /// <summary>
    /// Waits until qube <paramref name="qube"/> shows a window on the host whose title, after the
    /// daemon's "[qube] " prefix, satisfies <paramref name="title"/>.
    /// </summary>
    public (XWindow Window, XRect Bounds, string Title) WaitForWindow(string qube, Func<string, bool> title, string what, string appLog, double seconds = AppStartSeconds)
    {
        string prefix = $"[{qube}] ";
        try
        {
            return Screen.WaitForWindowWhere(t => t.StartsWith(prefix, StringComparison.Ordinal) && title(t[prefix.Length..]), what, seconds);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Explain(qube, appLog), e);
        }
    }

    /// <summary>Waits until no mapped window on the host has the title <paramref name="title"/>.</summary>
    public void WaitUntilGone(string title, string qube, string appLog, double seconds = 30)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Screen.HasWindow(title))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the window '{title}' is still on the host{Explain(qube, appLog)}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Waits until the window's area on the screen shows at least <paramref name="colours"/>
    /// distinct colours: a window that is mapped but blank or only framed has one or two, text and
    /// widgets drawn by the app's toolkit (antialiased) have many. Returns the count seen.
    /// </summary>
    public int WaitForDrawnContent(XRect bounds, int colours, string qube, string appLog, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            int seen = Screen.Screenshot(bounds).Distinct().Count();
            if (seen >= colours)
            {
                return seen;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the window at {bounds} shows {seen} colours, never {colours}{Explain(qube, appLog)}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Waits until every one of <paramref name="colours"/> (0xRRGGBB) is somewhere in the window's
    /// area on the screen: a page's own colours show that the page itself is drawn, not only the
    /// browser around it.
    /// </summary>
    public void WaitForColours(XRect bounds, IReadOnlyList<uint> colours, string qube, string appLog, double seconds = 60)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var seen = Screen.Screenshot(bounds).ToHashSet();
            uint[] missing = [.. colours.Where(c => !seen.Contains(c))];
            if (missing.Length == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the window at {bounds} never showed {string.Join(", ", missing.Select(c => c.ToString("x6", System.Globalization.CultureInfo.InvariantCulture)))}{Explain(qube, appLog)}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Moves the host pointer to (x, y) on the host screen and clicks there, as a person aiming at a field.</summary>
    public void ClickAt(int x, int y) => Screen.ClickToFocus(x, y); // and the window there has the keyboard

    /// <summary>
    /// Focuses the host window at <paramref name="bounds"/> as a user does, by a click: on its
    /// frame, the daemon's own border, so the app in the qube gets no click.
    /// </summary>
    public void Focus(XRect bounds) => Screen.ClickToFocus(bounds.X + 1, bounds.Y + 1);

    /// <summary>Types <paramref name="text"/> on the host keyboard (XTEST on the host display).</summary>
    public void Type(string text) => Xdotool("type", "--delay", "40", text);

    /// <summary>Presses a key combination on the host keyboard, such as "Return" or "ctrl+s".</summary>
    public void Key(string keys) => Xdotool("key", keys);

    /// <summary>
    /// Waits until the host file <paramref name="path"/> exists and its text satisfies
    /// <paramref name="done"/>; returns the text.
    /// </summary>
    public string WaitForFile(string path, Func<string, bool> done, string qube, string appLog, double seconds = 30)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        string? text = null;
        while (true)
        {
            if (File.Exists(path))
            {
                try
                {
                    text = File.ReadAllText(path);
                    if (done(text))
                    {
                        return text;
                    }
                }
                catch (IOException)
                {
                    // being replaced right now: read it again
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                string what = text is null ? "never appeared" : $"holds \"{text}\"";
                throw new TimeoutException($"{path} {what}{Explain(qube, appLog)}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>What a failed wait reports: the windows on the host, the app's own log and the daemon's.</summary>
    public string Explain(string qube, string appLog)
    {
        string log = Path.Combine(HomeOf(qube), appLog);
        string app = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
        if (app.Length > 4000)
        {
            app = "..." + app[^4000..];
        }

        string manager = _manager is null ? "" : $"\n{_manager.Name} log:\n{_manager.Log}";
        return $"\nhost windows: {string.Join(" | ", Screen.MappedTitles())}\n{appLog}:\n{app}\ndaemon log:\n{Daemon.Log}{manager}";
    }

    public void Dispose()
    {
        Screen.Dispose();
        foreach (string qube in _qubes)
        {
            // Returns once every process of the qube is gone, so none still writes in its home
            // when the folder is deleted below.
            _ = GuivirtCli.Run(Sockets, "stop", qube);
        }

        Daemon.Dispose();
        _manager?.Dispose();
        Host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs an X tool (xdotool, setxkbmap, ...) on the host display; it must succeed.</summary>
    public void HostTool(string tool, params string[] arguments)
    {
        (int code, _) = ToolProcess.Run(Host.Display, tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} failed ({code})");
    }

    private void Xdotool(params string[] arguments) => HostTool("xdotool", arguments);
}
