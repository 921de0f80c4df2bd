using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Host;
using GuiVirt.GuiDaemon.Session;
using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.DaemonFuzz;

/// <summary>
/// A host display in memory for one qube's session. It keeps the window table an X server would
/// and throws <see cref="InvariantException"/> the moment the session does what must never reach
/// a real host, whatever the qube sent: touching a window it destroyed (or never made), drawing
/// outside a window or over its frame, a frame not in the label's colour, a title, class or label
/// the qube chose, an unmanaged window over most of the screen, a grant image read beyond its
/// mapping, or resources still held after the qube is gone.
/// </summary>
internal sealed partial class InMemoryHost(QubeConfig qube, int frame, InMemoryGrants grants, bool refuseGrants) : IHostDisplay
{
    /// <summary>Longest property value the session may set (titles are 128 bytes and classes 64 before the prefix).</summary>
    private const int MaxPropertyBytes = 1024;

    /// <summary>The _NET_WM_STATE values a qube may have on the host (never above, sticky, below ...).</summary>
    private static readonly HashSet<string?> AllowedStates =
    [
        "_NET_WM_STATE_MAXIMIZED_VERT", "_NET_WM_STATE_MAXIMIZED_HORZ", "_NET_WM_STATE_FULLSCREEN", "_NET_WM_STATE_DEMANDS_ATTENTION",
        "_NET_WM_STATE_MODAL", "_NET_WM_STATE_SKIP_TASKBAR", "_NET_WM_STATE_SKIP_PAGER",
    ];

    private readonly Dictionary<XWindow, Window> _windows = [];
    private readonly HashSet<ShmSegment> _segments = [];
    private readonly List<Image> _images = [];
    private readonly List<Scaler> _scalers = [];
    private readonly Dictionary<string, XAtom> _atoms = [];
    private nuint _nextWindow = 0x40_0001;
    private uint _nextSegment = 1;
    private int _grantAttempts;

    public int Width => 1920;

    public int Height => 1080;

    public bool IsConnectionLost => false;

    public XRect[] Monitors() => [new(0, 0, Width, Height)];

    public XRect[] DesktopMonitors() => Monitors();

    public void MonitorsChanged()
    {
    }

    public XWindow Root { get; } = new(0x100);

    /// <summary>Whether a window manager handles _NET_WM_STATE requests (the harness plays both hosts).</summary>
    public bool WindowManagerRuns { get; init; }

    /// <summary>The windows that exist now, for the harness to send host events about.</summary>
    public IReadOnlyCollection<XWindow> Windows => _windows.Keys;

    /// <summary>Where the host has a window now (for ConfigureNotify echoes).</summary>
    public XRect BoundsOf(XWindow window) => Live(window).Bounds;

    /// <summary>The host window manager (or the user) moves a window; the session hears of it by a ConfigureNotify.</summary>
    public void WindowManagerMoves(XWindow window, XRect bounds)
    {
        CheckOnScreen(bounds, "moved by the window manager");
        Live(window).Bounds = bounds;
    }

    public XAtom Atom(string name)
    {
        if (!_atoms.TryGetValue(name, out XAtom atom))
        {
            atom = new XAtom((nuint)(1000 + _atoms.Count));
            _atoms[name] = atom;
        }

        return atom;
    }

    public XWindow CreateTopLevel(XRect bounds, bool overrideRedirect, EventMask events)
    {
        CheckOnScreen(bounds, "created");
        if (overrideRedirect)
        {
            throw new InvariantException("a window was created unmanaged; only Map may make it so, after the size check");
        }

        var window = new XWindow(_nextWindow++);
        _windows[window] = new Window { Bounds = bounds };
        return window;
    }

    /// <summary>The harness's host has an ARGB visual, so CREATE_ARGB takes the translucent path.</summary>
    public bool SupportsTranslucency => true;

    public XWindow CreateArgbTopLevel(XRect bounds, bool overrideRedirect, EventMask events, uint backdrop)
    {
        CheckBackdrop(backdrop);
        XWindow window = CreateTopLevel(bounds, overrideRedirect, events);
        _windows[window].Argb = true;
        return window;
    }

    /// <summary>Security: the floor is the label's colour at an alpha of at least 0.1 (26 of 255), premultiplied (no channel above the alpha).</summary>
    private void CheckBackdrop(uint backdrop)
    {
        uint alpha = backdrop >> 24;
        uint expected = AlphaFloorOf(alpha);
        if (alpha < 26 || backdrop != expected)
        {
            throw new InvariantException($"the backdrop #{backdrop:x8} is not the label's colour at a floor of at least 0.1 (#{expected:x8})");
        }
    }

    private uint AlphaFloorOf(uint alpha)
    {
        uint label = qube.Label.Color;
        uint Channel(int shift) => ((((label >> shift) & 0xFF) * alpha) + 127) / 255;
        return (alpha << 24) | (Channel(16) << 16) | (Channel(8) << 8) | Channel(0);
    }

    public void Destroy(XWindow window)
    {
        Live(window);
        if (_scalers.Any(scaler => scaler.Window == window && !scaler.Disposed))
        {
            throw new InvariantException("a window was destroyed before the scaler showing its grant was freed");
        }

        _windows.Remove(window); // ids are never reused: a later use is caught as unknown
    }

    public void Map(XWindow window)
    {
        Window shown = Live(window);
        shown.Mapped = true;
        CheckUnmanagedIsSmall(shown);
    }

    public void Unmap(XWindow window) => Live(window).Mapped = false;

    public void Raise(XWindow window) => Live(window);

    public void StackBelow(XWindow window, XWindow sibling) => Live(window); // the sibling is the daemon's own, not the qube's

    public void MoveResize(XWindow window, XRect bounds)
    {
        Window shown = Live(window);
        CheckOnScreen(bounds, "moved");
        shown.Bounds = bounds;
        CheckUnmanagedIsSmall(shown);
    }

    public void SetOverrideRedirect(XWindow window, bool overrideRedirect)
    {
        Window shown = Live(window);
        shown.OverrideRedirect = overrideRedirect;
        CheckUnmanagedIsSmall(shown);
    }

    public void SetProtocols(XWindow window, params XAtom[] protocols) => Live(window);

    public void SetBytes(XWindow window, XAtom property, XAtom type, ReadOnlySpan<byte> bytes)
    {
        Live(window);
        if (bytes.Length > MaxPropertyBytes)
        {
            throw new InvariantException($"a property of {bytes.Length} bytes was set");
        }

        string text = Encoding.UTF8.GetString(bytes);
        string? name = _atoms.FirstOrDefault(pair => pair.Value == property).Key;
        // The qube's identity on the host is the host's: never what the qube said.
        bool keepsIdentity = name switch
        {
            "_QUBES_VMNAME" => text == qube.Name,
            "_QUBES_LABEL" => text == qube.Label.Name,
            "_NET_WM_NAME" => text.StartsWith($"[{qube.Name}] ", StringComparison.Ordinal),
            _ when property == XAtom.WmName => text.StartsWith($"[{qube.Name}] ", StringComparison.Ordinal),
            _ when property == XAtom.WmClass => text.Split('\0') is [var instance, var className, ""]
                && instance.StartsWith($"{qube.Name}:", StringComparison.Ordinal) && className.StartsWith($"{qube.Name}:", StringComparison.Ordinal),
            _ => throw new InvariantException($"the session set an unexpected property ({name ?? property.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)})"),
        };
        if (!keepsIdentity)
        {
            throw new InvariantException($"property {name ?? "WM_NAME/WM_CLASS"} lost the qube's host-given identity: \"{text}\"");
        }
    }

    /// <summary>
    /// Security: a host icon is one image of at most 128 x 128 (or the 16 x 16 label icon) whose
    /// every colour is the label's hue and saturation at some lightness: no colour the qube chose.
    /// </summary>
    private void CheckIcon(ReadOnlySpan<nint> values)
    {
        if (values.Length < 2 || values[0] is < 1 or > Limits.MaxWindowIconSide || values[1] is < 1 or > Limits.MaxWindowIconSide
            || values.Length != 2 + (values[0] * values[1]))
        {
            throw new InvariantException($"a host _NET_WM_ICON is not one image of at most {Limits.MaxWindowIconSide} x {Limits.MaxWindowIconSide}");
        }

        _labelShades ??= [0xFF00_0000 | qube.Label.Color, .. Enumerable.Range(0, 511).Select(l2 => 0xFF00_0000 | LabelTint.Tint(Math.Min(l2, 255), Math.Max(l2 - 255, 0), Math.Max(l2 - 255, 0), qube.Label.Color))];
        foreach (nint pixel in values[2..])
        {
            if (!_labelShades.Contains((uint)pixel | 0xFF00_0000))
            {
                throw new InvariantException($"a host icon pixel 0x{(uint)pixel:x8} is not a shade of the label colour");
            }
        }
    }

    private HashSet<uint>? _labelShades;

    public void SetLongs(XWindow window, XAtom property, XAtom type, ReadOnlySpan<nint> values)
    {
        Live(window);
        if (property == Atom("_QUBES_LABEL_COLOR") && (values.Length != 1 || values[0] != (nint)qube.Label.Color))
        {
            throw new InvariantException("_QUBES_LABEL_COLOR is not the configured label's");
        }

        if (property == Atom("_NET_WM_ICON"))
        {
            CheckIcon(values);
        }

        if (property == XAtom.WmTransientFor && (values.Length != 1 || !_windows.ContainsKey(new XWindow((nuint)values[0]))))
        {
            throw new InvariantException("a window was made transient for one that is not this qube's");
        }

        if (property == Atom("_NET_WM_WINDOW_TYPE"))
        {
            string? kind = values.Length == 1 ? NameOf(values[0]) : null;
            if (kind is null || !kind.StartsWith("_NET_WM_WINDOW_TYPE_", StringComparison.Ordinal) || kind is "_NET_WM_WINDOW_TYPE_DESKTOP" or "_NET_WM_WINDOW_TYPE_DOCK")
            {
                throw new InvariantException($"a window was given the type {kind ?? "(not one atom)"}");
            }

            // Security: an untitled kind (splash, menu, tooltip ...) never on a window over most of the screen.
            if (kind is not ("_NET_WM_WINDOW_TYPE_NORMAL" or "_NET_WM_WINDOW_TYPE_DIALOG" or "_NET_WM_WINDOW_TYPE_UTILITY") && CoversMostOfTheScreen(Live(window).Bounds))
            {
                throw new InvariantException($"a window over most of the screen was typed {kind}");
            }
        }

        if (property == Atom("_NET_WM_STATE"))
        {
            CheckStates(values.ToArray());
        }
    }

    public void SetSizeHints(XWindow window, in XSizeHintsData hints) => Live(window);

    public void DefineFontCursor(XWindow window, int? glyph) => Live(window);

    public void SendClientMessageToRoot(XWindow window, XAtom type, nint data0, nint data1, nint data2)
    {
        Live(window);
        if (type == Atom("_NET_WM_STATE"))
        {
            CheckStates([.. new[] { data1, data2 }.Where(atom => atom != 0)]);
        }
    }

    /// <summary>No system tray on this host: a DOCK falls back to an ordinary framed window.</summary>
    public XWindow GetSelectionOwner(XAtom selection) => XWindow.None;

    public void SendClientMessageTo(XWindow destination, XWindow about, XAtom type, nint data0, nint data1, nint data2) =>
        throw new InvariantException("a dock request was sent where no tray runs");

    public void QueryKeymap(Span<byte> keys) => keys.Clear();

    public void BeginWindowMove(XWindow window, int rootX, int rootY, uint button, nuint time) => Live(window);

    public (int X, int Y)? RootPosition(XWindow window) => (Live(window).Bounds.X, Live(window).Bounds.Y);

    public bool WindowManagerSupports(XAtom hint) => WindowManagerRuns;

    public void SetFocus(XWindow window, nuint time) => Live(window);

    /// <summary>After the session is gone: no window, segment or image of the qube is left.</summary>
    public void CheckAllReleased()
    {
        if (_windows.Count > 0 || _segments.Count > 0 || _images.Any(image => !image.Disposed) || _scalers.Any(scaler => !scaler.Disposed))
        {
            throw new InvariantException($"after the qube was disconnected, {_windows.Count} windows and {_segments.Count} segments were left");
        }
    }

    private static void CheckInside(XRect area, XRect bounds, string what)
    {
        if (area.IsEmpty || area.X < bounds.X || area.Y < bounds.Y
            || (long)area.X + area.Width > (long)bounds.X + bounds.Width || (long)area.Y + area.Height > (long)bounds.Y + bounds.Height)
        {
            throw new InvariantException($"{what} {area} is not inside {bounds}");
        }
    }

    private void CheckOnScreen(XRect bounds, string what) => CheckInside(bounds, new XRect(0, 0, Width, Height), $"a window {what} at");

    private void CheckStates(nint[] states)
    {
        if (states.Select(NameOf).Where(state => !AllowedStates.Contains(state)).ToList() is [var other, ..])
        {
            throw new InvariantException($"the session asked for the state {other ?? "(an atom it never named)"}");
        }
    }

    private string? NameOf(nint atom) => _atoms.FirstOrDefault(pair => pair.Value.Id == (nuint)atom).Key;

    private bool CoversMostOfTheScreen(XRect bounds) => (long)bounds.Width * bounds.Height * 10 >= (long)Width * Height * 9;

    /// <summary>Security: an unmanaged window never covers 90% of the screen (it could fake the desktop).</summary>
    private void CheckUnmanagedIsSmall(Window shown)
    {
        if (shown.Mapped && shown.OverrideRedirect && (long)shown.Bounds.Width * shown.Bounds.Height * 10 >= (long)Width * Height * 9)
        {
            throw new InvariantException($"an unmanaged window covers most of the screen: {shown.Bounds}");
        }
    }

    private Window Live(XWindow window) =>
        _windows.TryGetValue(window, out Window? shown) ? shown : throw new InvariantException($"window {window} was used after it was destroyed (or never made)");

    private sealed class Window
    {
        public XRect Bounds { get; set; }

        public bool Mapped { get; set; }

        public bool OverrideRedirect { get; set; }

        public bool Argb { get; set; }
    }
}
