using System.Globalization;
using System.Text.RegularExpressions;

namespace GuiVirt.TestApp;

/// <summary>The command line, parsed. Unknown or malformed options are errors, never ignored,
/// so a typo in a test shows up as a failed start instead of a silently different window.</summary>
internal sealed partial class Options
{
    public const string Usage = """
        Usage: GuiVirt.TestApp [options]

        A small X client for GuiVirt's tests: draws a known pattern (see the Pattern class),
        logs the input it receives, and can own or read the CLIPBOARD selection.

          --display :N          X display to connect to (default: $DISPLAY)
          --title TEXT          WM_NAME and _NET_WM_NAME (default: "GuiVirt TestApp")
          --class CLASS         WM_CLASS instance and class (default: GuiVirtTestApp)
          --geometry WxH+X+Y    window size and position (default: 320x240+0+0; +X+Y optional)
          --seed N              pattern seed (default: 0)
          --fps N               animate: draw frame+1 N times a second (default: draw frame 0 once)
          --frames N            with --fps: stop animating after frame N
          --rect WxH+X+Y        with --fps: frames after 0 redraw only this rectangle of the window (a terminal's
                                typed character: small damage), clipped to the window
          --scroll N            with --fps and --rect: the window shows text (TextPattern) in lines of N pixels; each
                                frame scrolls it up one line (XCopyArea), draws the new bottom line, then redraws
                                --rect with the frame's Pattern (a terminal scrolling its output, with a marker)
          --timestamps          append " t=TICKS" to "frame N" lines: Stopwatch.GetTimestamp() just before the
                                frame's XPutImage (CLOCK_MONOTONIC on Linux, so other processes can compare)
          --override-redirect   create an override-redirect window (like a menu or tooltip)
          --argb                a window with the 32-bit ARGB visual, drawn with ArgbPattern (premultiplied
                                alpha 0..255) instead of Pattern
          --position-hint KIND  how WM_NORMAL_HINTS names the position: user (USPosition, the default when
                                --geometry has +X+Y), program (PPosition) or none (the default without +X+Y:
                                the window manager places the window)
          --transient-for 0xID  WM_TRANSIENT_FOR: the window is a dialog of window ID
          --type NAME           _NET_WM_WINDOW_TYPE_NAME (dialog, utility, splash, menu, tooltip, ...)
          --modal               _NET_WM_STATE_MODAL (set before the window is mapped)
          --skip-taskbar        _NET_WM_STATE_SKIP_TASKBAR (set before the window is mapped)
          --cursor GLYPH:NAME   define the cursor-font glyph GLYPH as the window's cursor, named NAME (XFixes)
          --icon SIZES          _NET_WM_ICON with one square image per size (comma-separated, e.g. 16,48,200),
                                each pixel IconPattern.Argb(size, x, y, seed)
          --tray                dock the window as a tray icon (XEmbed, System Tray 0.3) instead of mapping it;
                                logs "tray dock requested owner=0x..", or "tray none" and exits 1 after 10 s without a tray
          --log FILE            write the log there instead of stdout (flushed after every line)
          --clipboard-set TEXT  own CLIPBOARD and serve TEXT until another client takes it, then exit 0
          --clipboard-get       print CLIPBOARD (as UTF8_STRING) to stdout, no newline; exit 1 after 5 s
          --help                print this text

        Log lines (one per event):
          ready window=0x...                      the window is mapped and frame 0 is drawn
          frame N [t=TICKS]                       frame N was drawn (and synced with the server); t= with --timestamps
          redraw frame N size=WxH                 redrawn after Expose, a new size or a new map
          key press|release keycode=K state=S keysym=0x.. text=T   (T escapes space, \ and controls as \xNN)
          button press|release button=B state=S x=X y=Y
          motion x=X y=Y state=S
          enter|leave x=X y=Y mode=M detail=D
          focus in|out mode=M detail=D
          configure x=X y=Y size=WxH
          x error code=C request=R minor=M resource=0x..
          clipboard request target=NAME | clipboard lost
          exit REASON
        """;

    public string? Display { get; private set; }
    public string Title { get; private set; } = "GuiVirt TestApp";
    public string Class { get; private set; } = "GuiVirtTestApp";
    public int Width { get; private set; } = 320;
    public int Height { get; private set; } = 240;
    public int X { get; private set; }
    public int Y { get; private set; }
    /// <summary>True when the user gave a geometry: WM_NORMAL_HINTS then says USSize.</summary>
    public bool GeometryGiven { get; private set; }
    /// <summary>How WM_NORMAL_HINTS names the position: "user", "program" or "none" (--position-hint; by default user with +X+Y, none without).</summary>
    public string PositionHint { get; private set; } = "none";
    /// <summary>WM_TRANSIENT_FOR, or 0.</summary>
    public nuint TransientFor { get; private set; }
    /// <summary>The _NET_WM_WINDOW_TYPE suffix (DIALOG, UTILITY, ...), or null for none.</summary>
    public string? WindowType { get; private set; }
    public bool Modal { get; private set; }
    public bool SkipTaskbar { get; private set; }
    public int Seed { get; private set; }
    public int Fps { get; private set; }
    /// <summary>Last frame to draw when animating; null animates forever.</summary>
    public int? Frames { get; private set; }
    /// <summary>With --fps: the one rectangle that frames after 0 redraw (small updates); null redraws the whole window.</summary>
    public (int X, int Y, int Width, int Height)? Rect { get; private set; }
    /// <summary>With --fps and --rect: scroll text in lines of this many pixels (--scroll); null for the pattern.</summary>
    public int? Scroll { get; private set; }
    /// <summary>Append a monotonic timestamp to "frame N" lines (for the end-to-end benchmark's latency).</summary>
    public bool Timestamps { get; private set; }
    public bool OverrideRedirect { get; private set; }
    /// <summary>A window with the 32-bit ARGB visual, drawn with <see cref="ArgbPattern"/> (--argb).</summary>
    public bool Argb { get; private set; }
    public int CursorGlyph { get; private set; }
    public string? CursorName { get; private set; }
    /// <summary>The sides of the square images of _NET_WM_ICON (--icon), in the order given; empty for none.</summary>
    public IReadOnlyList<int> IconSizes { get; private set; } = [];
    public bool Tray { get; private set; }
    public string? LogPath { get; private set; }
    public string? ClipboardSet { get; private set; }
    public bool ClipboardGet { get; private set; }
    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    private void SetCursor(string text)
    {
        string[] parts = text.Split(':', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int glyph) || glyph is < 0 or > 152)
        {
            throw new ArgumentException($"--cursor wants GLYPH:NAME with GLYPH 0..152, not {text}");
        }

        (CursorGlyph, CursorName) = (glyph, parts[1]);
    }

    public static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            // Each option with a value consumes the next argument, whatever it looks like, so a
            // title or clipboard text may start with "--".
            string Value() => ++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--display": options.Display = Value(); break;
                case "--title": options.Title = Value(); break;
                case "--class": options.Class = Value(); break;
                case "--geometry": options.SetGeometry(Value()); break;
                case "--seed": options.Seed = Number(name, Value(), int.MinValue); break;
                case "--fps": options.Fps = Number(name, Value(), 1); break;
                case "--frames": options.Frames = Number(name, Value(), 0); break;
                case "--rect": options.SetRect(Value()); break;
                case "--scroll": options.Scroll = Number(name, Value(), 1); break;
                case "--timestamps": options.Timestamps = true; break;
                case "--override-redirect": options.OverrideRedirect = true; break;
                case "--argb": options.Argb = true; break;
                case "--position-hint": options.SetPositionHint(Value()); break;
                case "--transient-for": options.TransientFor = WindowId(name, Value()); break;
                case "--type": options.WindowType = Value().ToUpperInvariant(); break;
                case "--modal": options.Modal = true; break;
                case "--skip-taskbar": options.SkipTaskbar = true; break;
                case "--cursor": options.SetCursor(Value()); break;
                case "--icon": options.IconSizes = [.. Value().Split(',').Select(size => Number(name, size, 1))]; break;
                case "--tray": options.Tray = true; break;
                case "--log": options.LogPath = Value(); break;
                case "--clipboard-set": options.ClipboardSet = Value(); break;
                case "--clipboard-get": options.ClipboardGet = true; break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (options._positionHintGiven is null && options._positionGiven)
        {
            options.PositionHint = "user";
        }
        if (options.Scroll is not null && (options.Fps == 0 || options.Rect is null))
        {
            throw new ArgumentException("--scroll needs --fps and --rect (the marker the benchmark watches)");
        }
        if (options.ClipboardGet && options.ClipboardSet is not null)
        {
            throw new ArgumentException("--clipboard-get and --clipboard-set exclude each other");
        }
        return options;
    }

    private void SetGeometry(string text)
    {
        Match match = GeometryPattern().Match(text);
        if (!match.Success)
        {
            throw new ArgumentException($"--geometry wants WxH+X+Y, not {text}");
        }
        Width = Number("--geometry", match.Groups["w"].Value, 1);
        Height = Number("--geometry", match.Groups["h"].Value, 1);
        if (match.Groups["x"].Success)
        {
            X = Number("--geometry", match.Groups["x"].Value, int.MinValue);
            Y = Number("--geometry", match.Groups["y"].Value, int.MinValue);
            _positionGiven = true;
        }
        // X11 sizes are 16-bit; refusing here gives a clear message instead of a BadValue later.
        if (Width > ushort.MaxValue || Height > ushort.MaxValue)
        {
            throw new ArgumentException($"--geometry {text} is larger than X11 allows");
        }
        GeometryGiven = true;
    }

    private bool _positionGiven;
    private string? _positionHintGiven;

    private void SetPositionHint(string text)
    {
        if (text is not ("user" or "program" or "none"))
        {
            throw new ArgumentException($"--position-hint wants user, program or none, not {text}");
        }
        PositionHint = _positionHintGiven = text;
    }

    private static nuint WindowId(string name, string text)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal) || !nuint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out nuint id) || id == 0)
        {
            throw new ArgumentException($"{name} wants a window id as 0x..., not {text}");
        }
        return id;
    }

    private void SetRect(string text)
    {
        Match match = GeometryPattern().Match(text);
        if (!match.Success || !match.Groups["x"].Success)
        {
            throw new ArgumentException($"--rect wants WxH+X+Y, not {text}");
        }
        Rect = (Number("--rect", match.Groups["x"].Value, 0), Number("--rect", match.Groups["y"].Value, 0),
            Number("--rect", match.Groups["w"].Value, 1), Number("--rect", match.Groups["h"].Value, 1));
    }

    private static int Number(string name, string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < minimum)
        {
            throw new ArgumentException($"{name} wants a whole number of at least {minimum}, not {text}");
        }
        return value;
    }

    [GeneratedRegex(@"^(?<w>\d+)x(?<h>\d+)(?:(?<x>[+-]\d+)(?<y>[+-]\d+))?$")]
    private static partial Regex GeometryPattern();
}
