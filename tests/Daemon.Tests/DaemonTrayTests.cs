using GuiVirt.GuiDaemon.Session;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// Tray icons on real X servers: a TestApp in the qube docks a pattern icon in the agent's tray
/// (XEmbed), and the daemon docks it in a real host tray (trayer, Debian's), tinted to the label
/// with a 1-pixel label border; clicks reach the app; no tray on the host falls back to a window.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonTrayTests : IDisposable
{
    private const uint Blue = 0x3465A4;
    private const int Side = 24; // the agent's container for a tray icon
    private const int Seed = 7;

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-tray-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _work = new(1280, 800);
    private readonly DaemonProcess _daemon;
    private readonly List<IDisposable> _processes = [];

    public DaemonTrayTests()
    {
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "work:blue");
    }

    public void Dispose()
    {
        foreach (IDisposable process in Enumerable.Reverse(_processes))
        {
            process.Dispose();
        }

        _daemon.Dispose();
        _work.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AQubesTrayIconIsDockedInTheHostTrayTintedAndFramedInItsLabel()
    {
        using var screen = new HostScreen(_host.Display);
        XWindow panel = StartTray(screen);
        StartAgent();
        Start(TestAppProcess.Start(_work.Display, "--tray", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        XWindow icon = WaitForIcon(screen, panel);
        WaitUntil(() => IconMatches(screen, icon, out _), "the tinted, framed icon on the host screen", () => IconMatches(screen, icon, out string why) ? "" : why);
    }

    [Fact]
    public void AClickOnTheIconReachesTheAppInTheQubeAtTheIconsCoordinates()
    {
        using var screen = new HostScreen(_host.Display);
        XWindow panel = StartTray(screen);
        StartAgent();
        TestAppProcess app = Start(TestAppProcess.Start(_work.Display, "--tray"));
        XWindow icon = WaitForIcon(screen, panel);
        XRect bounds = screen.RootBounds(icon);
        (int left, int top) = Origin(bounds);
        Assert.Equal(0, ToolProcess.Run(_host.Display, "xdotool", "mousemove", $"{bounds.X + left + 5}", $"{bounds.Y + top + 6}", "click", "1").ExitCode);
        app.WaitForLine(line => line.StartsWith("button press button=1", StringComparison.Ordinal) && line.EndsWith("x=5 y=6", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void TheIconLeavesTheTrayWhenTheAppExits()
    {
        using var screen = new HostScreen(_host.Display);
        XWindow panel = StartTray(screen);
        StartAgent();
        TestAppProcess app = Start(TestAppProcess.Start(_work.Display, "--tray"));
        XWindow icon = WaitForIcon(screen, panel);
        app.Terminate();
        WaitUntil(() => screen.Display.TryGetGeometry(icon) is null, "the icon's host window destroyed", () => "");
    }

    [Fact]
    public void ARealGtkStatusIconIsDockedTintedAndClickable()
    {
        using var screen = new HostScreen(_host.Display);
        XWindow panel = StartTray(screen);
        StartAgent();
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(BuiltProgram.RepositoryRoot.FullName, "tests", "Daemon.Tests", "Apps", "status_icon.py"));
        start.Environment["DISPLAY"] = _work.Display;
        using var python = System.Diagnostics.Process.Start(start)!;
        var output = new PythonOutput(python);
        try
        {
            XWindow icon = WaitForIcon(screen, panel);

            // GTK draws its theme's icon: every pixel inside the border is black or a shade of the blue label.
            XRect bounds = screen.RootBounds(icon);
            (int left, int top) = Origin(bounds);
            int drawn = 0;
            WaitUntil(
                () =>
                {
                    uint[] shown = screen.Screenshot(new XRect(bounds.X + left, bounds.Y + top, Side, Side));
                    drawn = shown.Count(pixel => pixel != 0);
                    return drawn > 20 && shown.All(IsAShadeOfBlue);
                },
                "GTK's icon drawn in shades of the label",
                () => $"{drawn} pixels drawn; output: {output.Text}");
            Assert.Equal(Blue, screen.Screenshot(new XRect(bounds.X + left - 1, bounds.Y + top - 1, 1, 1))[0]); // the border's corner

            Assert.Equal(0, ToolProcess.Run(_host.Display, "xdotool", "mousemove", $"{bounds.X + left + 8}", $"{bounds.Y + top + 8}", "click", "1").ExitCode);
            WaitUntil(() => output.Text.Contains("press 1", StringComparison.Ordinal), "the click in the GTK app", () => output.Text);
        }
        finally
        {
            python.Kill();
        }
    }

    [Fact]
    public void TheIconLeavesTheTrayWhenTheQubesAgentDies()
    {
        using var screen = new HostScreen(_host.Display);
        XWindow panel = StartTray(screen);
        var agent = Start(new AgentProcess(_work.Display, _daemon.SocketOf("work")));
        Start(TestAppProcess.Start(_work.Display, "--tray"));
        XWindow icon = WaitForIcon(screen, panel);
        agent.Dispose(); // the qube's connection ends: its windows, the icon too, leave the host
        WaitUntil(() => screen.Display.TryGetGeometry(icon) is null, "the icon's host window destroyed", () => "");
    }

    [Fact]
    public void WithoutAHostTrayTheIconIsASmallFramedWindow()
    {
        using var screen = new HostScreen(_host.Display);
        StartAgent();
        Start(TestAppProcess.Start(_work.Display, "--tray", "--seed", "3"));
        (_, XRect bounds) = screen.WaitForWindow("[work] ");
        Assert.Equal((Side + 4, Side + 4), (bounds.Width, bounds.Height)); // the 2-pixel frame of any window
        _daemon.WaitForLog("no system tray on the host");
        var expected = new uint[Side * Side];
        Pattern.Fill(expected, Side, Side, 3, 0);
        WaitUntil(() => screen.Screenshot(new XRect(bounds.X + 2, bounds.Y + 2, Side, Side)).SequenceEqual(expected), "the icon's pixels in the framed window", () => "");
    }

    [Fact]
    public void ATrayThatRestartsGetsTheIconsAgain()
    {
        using var screen = new HostScreen(_host.Display);
        ToolProcess first = ToolProcess.Start(_host.Display, "trayer", TrayerArguments);
        XWindow panel = WaitForTray(screen, first);
        StartAgent();
        Start(TestAppProcess.Start(_work.Display, "--tray", "--seed", "7"));
        XWindow icon = WaitForIcon(screen, panel);
        WaitUntil(() => IconMatches(screen, icon, out _), "the icon drawn in the first tray", () => IconMatches(screen, icon, out string why) ? "" : why);
        first.Dispose(); // trayer killed: the icon goes back to the root (save set)

        XWindow second = StartTray(screen);
        Assert.Equal(icon, WaitForIcon(screen, second)); // the same host window, docked in the new tray
        WaitUntil(() => IconMatches(screen, icon, out _), "the icon drawn in the new tray", () => IconMatches(screen, icon, out string why) ? "" : why);
    }

    /// <summary>
    /// A pixel with the blue label's hue and saturation: tinting it again changes no channel by more
    /// than the rounding (2); a pixel of any other hue (GTK's untinted blue is 0x3584e4-like, grey
    /// text is r = g = b) moves further.
    /// </summary>
    private static bool IsAShadeOfBlue(uint pixel)
    {
        uint again = LabelTint.Tint((int)(pixel >> 16) & 0xFF, (int)(pixel >> 8) & 0xFF, (int)pixel & 0xFF, Blue);
        return Enumerable.Range(0, 3).All(channel => Math.Abs((int)((pixel >> (8 * channel)) & 0xFF) - (int)((again >> (8 * channel)) & 0xFF)) <= 2);
    }

    /// <summary>A process's standard output and error as lines arrive (read on the process's own threads).</summary>
    private sealed class PythonOutput
    {
        private readonly System.Text.StringBuilder _text = new();

        public PythonOutput(System.Diagnostics.Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        private void Add(string? line)
        {
            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }

    private static readonly string[] TrayerArguments = ["--edge", "top", "--align", "left", "--widthtype", "request", "--height", "32", "--SetDockType", "false"];

    /// <summary>trayer on the host, owning _NET_SYSTEM_TRAY_S0; returns its panel (a root child).</summary>
    private XWindow StartTray(HostScreen screen) => WaitForTray(screen, Start(ToolProcess.Start(_host.Display, "trayer", TrayerArguments)));

    private static XWindow WaitForTray(HostScreen screen, ToolProcess trayer)
    {
        XAtom selection = screen.Display.Atom("_NET_SYSTEM_TRAY_S0");
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            XWindow owner = screen.Display.GetSelectionOwner(selection);
            XWindow? panel = screen.Display.Children(screen.Display.Root).FirstOrDefault(w => screen.Display.GetClass(w).ClassName == "trayer" && screen.Display.GetClass(w).InstanceName == "panel");
            if (!owner.IsNone && panel is { } found && !found.IsNone)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline && !trayer.HasExited, $"trayer did not start: {trayer.Errors}");
            Thread.Sleep(50);
        }
    }

    /// <summary>The daemon's icon window (named for the qube) inside the tray's panel.</summary>
    private XWindow WaitForIcon(HostScreen screen, XWindow panel)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (Descendants(screen.Display, panel, 4).FirstOrDefault(w => screen.Text(w, "_QUBES_VMNAME") == "work") is { IsNone: false } icon
                && screen.Display.TryGetGeometry(icon) is { Viewable: true })
            {
                return icon;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no icon of qube work in the host tray\ndaemon log:\n{_daemon.Log}\nagent log:\n{string.Join("\n", _processes.OfType<AgentProcess>().Select(a => a.Log))}");
            Thread.Sleep(50);
        }
    }

    private static IEnumerable<XWindow> Descendants(XDisplay display, XWindow window, int depth)
    {
        foreach (XWindow child in display.Children(window))
        {
            yield return child;
            if (depth > 1)
            {
                foreach (XWindow grandchild in Descendants(display, child, depth - 1))
                {
                    yield return grandchild;
                }
            }
        }
    }

    /// <summary>Where the icon's first pixel is in its window: centred, at least the border in (as the daemon draws it).</summary>
    private static (int Left, int Top) Origin(XRect bounds) => (Math.Max(1, (bounds.Width - Side) / 2), Math.Max(1, (bounds.Height - Side) / 2));

    /// <summary>
    /// The icon window on the screen: the pattern tinted to blue pixel by pixel, a 1-pixel blue
    /// border right around it, black elsewhere.
    /// </summary>
    private static bool IconMatches(HostScreen screen, XWindow icon, out string why)
    {
        XRect bounds = screen.RootBounds(icon);
        (int left, int top) = Origin(bounds);
        uint[] shown = screen.Screenshot(bounds);
        for (int y = 0; y < bounds.Height; y++)
        {
            for (int x = 0; x < bounds.Width; x++)
            {
                int ix = x - left, iy = y - top;
                bool inside = ix is >= 0 and < Side && iy is >= 0 and < Side;
                bool border = !inside && ix is >= -1 and <= Side && iy is >= -1 and <= Side;
                uint expected = inside ? LabelTint.Tint((int)(Pattern.Pixel(Seed, 0, ix, iy) >> 16) & 0xFF, (int)(Pattern.Pixel(Seed, 0, ix, iy) >> 8) & 0xFF, (int)Pattern.Pixel(Seed, 0, ix, iy) & 0xFF, Blue)
                    : border ? Blue : 0;
                if (shown[(y * bounds.Width) + x] != expected)
                {
                    why = $"pixel ({x},{y}) of the {bounds.Width}x{bounds.Height} icon window is {shown[(y * bounds.Width) + x]:x6}, not {expected:x6}";
                    return false;
                }
            }
        }

        why = "";
        return true;
    }

    private void StartAgent() => Start(new AgentProcess(_work.Display, _daemon.SocketOf("work")));

    private T Start<T>(T process)
        where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }

    private void WaitUntil(Func<bool> condition, string what, Func<string> detail)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}: {detail()}\ndaemon log:\n{_daemon.Log}");
            Thread.Sleep(50);
        }
    }
}
