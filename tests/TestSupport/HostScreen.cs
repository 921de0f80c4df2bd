using GuiVirt.X11;

namespace GuiVirt.TestSupport;

/// <summary>
/// The host display as a person sees it: windows found by title, pixels read from the root (a
/// screenshot). Windows are found inside a window manager's frames too, and their bounds are in
/// root coordinates.
/// </summary>
public sealed class HostScreen(string display) : IDisposable
{
    private readonly XDisplay _display = XDisplay.Open(display);

    /// <summary>Waits for a top-level window whose title is exactly <paramref name="title"/>; its bounds on the screen.</summary>
    public (XWindow Window, XRect Bounds) WaitForWindow(string title, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (Find(title) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no mapped window titled '{title}' on the host");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Waits for a mapped top-level window whose title satisfies <paramref name="matches"/> (a real
    /// app's title has parts the test does not choose, such as " — Mozilla Firefox"); its title and
    /// bounds. The timeout's message lists the titles that were there.
    /// </summary>
    public (XWindow Window, XRect Bounds, string Title) WaitForWindowWhere(Func<string, bool> matches, string what, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            foreach ((XWindow window, string title, XRect bounds) in TitledWindows())
            {
                if (matches(title))
                {
                    return (window, bounds, title);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no mapped window {what} on the host; mapped: {string.Join(" | ", MappedTitles())}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The titles of the mapped windows (top-level, or in a window manager's frame), bottom to top.</summary>
    public IReadOnlyList<string> MappedTitles() => [.. TitledWindows().Select(w => w.Title)];

    /// <summary>
    /// Waits until no mapped top-level window has this title: for windows that leave the screen
    /// asynchronously (a process ended; its X connection is closed when the server gets to it).
    /// </summary>
    public void WaitUntilGone(string title, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (HasWindow(title))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the window titled '{title}' is still on the host after {seconds} s");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>True while some mapped top-level window has this title.</summary>
    public bool HasWindow(string title) => Find(title) is not null;

    /// <summary>The mapped window titled <paramref name="title"/>, with root bounds.</summary>
    public (XWindow Window, XRect Bounds)? Find(string title) =>
        TitledWindows().FirstOrDefault(w => w.Title == title) is { Title: not null } found ? (found.Window, found.Bounds) : null;

    /// <summary>
    /// The mapped windows that have a title, at most three levels below the root (a window
    /// manager's frame and its wrapper), bottom to top, with their bounds in root coordinates.
    /// </summary>
    private IEnumerable<(XWindow Window, string Title, XRect Bounds)> TitledWindows()
    {
        var level = new List<XWindow> { _display.Root };
        for (int depth = 0; depth < 3 && level.Count > 0; depth++)
        {
            var next = new List<XWindow>();
            foreach (XWindow window in level.SelectMany(_display.Children))
            {
                if (_display.TryGetText(window, _display.Atom("_NET_WM_NAME")) is { } title
                    && _display.TryGetGeometry(window) is { Viewable: true } geometry
                    && _display.RootPosition(window) is (int x, int y))
                {
                    yield return (window, title, geometry.Bounds with { X = x, Y = y });
                }

                next.Add(window);
            }

            level = next;
        }
    }

    /// <summary>
    /// What a user does before typing: points at (x, y), clicks, and (polled) the window there has
    /// the keyboard focus, given by the window manager or, without one, by the daemon.
    /// </summary>
    public void ClickToFocus(int x, int y, double seconds = 15)
    {
        (int code, _) = ToolProcess.Run(display, "xdotool", "mousemove", $"{x}", $"{y}", "click", "1");
        if (code != 0)
        {
            throw new InvalidOperationException($"xdotool click at ({x}, {y}) failed ({code})");
        }

        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!_display.FocusIsUnderPointer())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the click at ({x}, {y}) never focused the window there (focus {_display.InputFocus()}, under the pointer {_display.PointerWindow()})");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>The window's bounds in root coordinates, wherever a window manager put it.</summary>
    public XRect RootBounds(XWindow window) =>
        _display.TryGetGeometry(window) is { } geometry && _display.RootPosition(window) is (int x, int y)
            ? geometry.Bounds with { X = x, Y = y }
            : throw new InvalidOperationException($"window {window} is gone");

    /// <summary>The host X display itself, for reads the helpers above do not cover.</summary>
    public XDisplay Display => _display;

    /// <summary>A rectangle of the screen as 0x00RRGGBB, read from the root window (what is really shown).</summary>
    public uint[] Screenshot(XRect area)
    {
        byte[] bytes = _display.TryGetImage(_display.Root, area) ?? throw new InvalidOperationException("XGetImage of the root failed");
        var pixels = new uint[area.Width * area.Height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = BitConverter.ToUInt32(bytes, i * 4) & 0x00FF_FFFF;
        }

        return pixels;
    }

    /// <summary>What the host X server says about a window.</summary>
    public XWindowGeometry Geometry(XWindow window) => _display.TryGetGeometry(window) ?? throw new InvalidOperationException($"window {window} is gone");

    /// <summary>
    /// Waits until the screen pixel at (<paramref name="x"/>, <paramref name="y"/>) has
    /// <paramref name="color"/>: a window is mapped before the daemon has drawn its frame and
    /// pixels (on the first Expose and grant), so a screenshot right after mapping may be black.
    /// </summary>
    public void WaitForPixel(int x, int y, uint color, double seconds = 15)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        uint seen;
        while ((seen = Screenshot(new XRect(x, y, 1, 1))[0]) != color)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pixel ({x},{y}) stayed {seen:x6}, never {color:x6}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>A window's property as text (for WM_CLASS and the _QUBES_* labels).</summary>
    public string? Text(XWindow window, string property) => _display.TryGetText(window, _display.Atom(property));

    public IReadOnlyList<long> Longs(XWindow window, string property) => _display.GetLongs(window, _display.Atom(property));

    public void Dispose() => _display.Dispose();
}
