using System.Diagnostics;
using GuiVirt.X11.Interop;
using static GuiVirt.X11.Interop.XEventType;

namespace GuiVirt.TestApp;

/// <summary>
/// The default mode: one window showing <see cref="Pattern"/> frames, logging its input.
/// State first, then the loop, then one handler per event.
/// </summary>
internal sealed unsafe class PatternApp
{
    // How long the loop may sleep before it looks at the stop signal again.
    private const int IdleMilliseconds = 100;

    private readonly XConnection _x;
    private readonly Options _options;
    private readonly EventLog _log;
    private readonly StopSignal _stop;
    private readonly Stopwatch _clock = new();

    private nuint _window;
    private Painter? _painter;
    private int _width;
    private int _height;
    private int _frame;
    private bool _ready;
    private bool _mapped;
    // When the next animation frame is due, on _clock; null when not animating.
    private TimeSpan? _nextFrame;

    public PatternApp(XConnection x, Options options, EventLog log, StopSignal stop)
    {
        _x = x;
        _options = options;
        _log = log;
        _stop = stop;
        _width = options.Width;
        _height = options.Height;
    }

    /// <summary>Runs until WM_DELETE_WINDOW, SIGTERM or the end of the X connection; returns the exit code.</summary>
    public int Run()
    {
        _window = WindowSetup.Create(_x, _options);
        _painter = new Painter(_x, _window, _options.Argb);
        if (!_options.Tray)
        {
            Xlib.XMapWindow(_x.Handle, _window);
        }
        else if (!TrayDock.Request(_x, _window, _log, TimeSpan.FromSeconds(10)))
        {
            return 1;
        }

        Xlib.XFlush(_x.Handle);
        try
        {
            return Loop();
        }
        finally
        {
            if (!XConnection.Closed)
            {
                _painter.Dispose();
                Xlib.XDestroyWindow(_x.Handle, _window);
            }
        }
    }

    private int Loop()
    {
        XEvent ev;
        while (true)
        {
            while (!XConnection.Closed && Xlib.XPending(_x.Handle) > 0)
            {
                Xlib.XNextEvent(_x.Handle, &ev);
                if (Handle(&ev))
                {
                    _log.Line("exit WM_DELETE_WINDOW");
                    return 0;
                }
            }
            if (XConnection.Closed)
            {
                _log.Line("exit x connection closed");
                return 0;
            }
            if (_stop.Requested)
            {
                _log.Line("exit signal");
                return 0;
            }
            if (_nextFrame is TimeSpan due && _clock.Elapsed >= due)
            {
                NextFrame();
                continue;
            }
            int wait = _nextFrame is TimeSpan next
                ? (int)Math.Clamp((next - _clock.Elapsed).TotalMilliseconds, 0, IdleMilliseconds)
                : IdleMilliseconds;
            _x.WaitReadable(wait);
        }
    }

    /// <summary>Handles one event; true when the window manager asked the app to close.</summary>
    private bool Handle(XEvent* ev)
    {
        if (InputLog.Format(ev) is string line)
        {
            _log.Line(line);
            return false;
        }
        switch (ev->Type)
        {
            case MapNotify when ev->Window == _window:
                OnMap();
                break;
            case UnmapNotify when ev->Window == _window:
                _mapped = false;
                break;
            case Expose when ((XExposeEvent*)ev)->Count == 0 && _mapped:
                Redraw();
                break;
            case ConfigureNotify when ev->Window == _window:
                OnConfigure((XConfigureEvent*)ev);
                break;
            case ClientMessage:
                return IsDeleteWindow((XClientMessageEvent*)ev);
        }
        return false;
    }

    private void OnMap()
    {
        _mapped = true;
        if (_ready)
        {
            Redraw();
            return;
        }
        // Frame 0 is on the screen before "ready" is logged: a test may read pixels right after it.
        DrawWhole();
        _ready = true;
        _log.Line($"ready window=0x{_window:x}");
        _log.Line(FrameLine());
        if (_options.Fps > 0 && (_options.Frames is not int last || last > 0))
        {
            _clock.Start();
            _nextFrame = FrameInterval;
        }
    }

    private void NextFrame()
    {
        _frame++;
        if (_options.Scroll is int lineHeight)
        {
            _painter!.Scroll(_options.Seed, _frame, _width, _height, lineHeight, _options.Rect!.Value);
        }
        else if (_options.Rect is { } rect)
        {
            _painter!.Draw(_options.Seed, _frame, _width, _height, rect);
        }
        else
        {
            _painter!.Draw(_options.Seed, _frame, _width, _height);
        }
        _log.Line(FrameLine());
        if (_options.Frames is int last && _frame >= last)
        {
            _nextFrame = null;
            return;
        }
        // A late frame is drawn at once but does not start a burst to catch up.
        TimeSpan next = _nextFrame!.Value + FrameInterval;
        _nextFrame = next > _clock.Elapsed ? next : _clock.Elapsed;
    }

    private void OnConfigure(XConfigureEvent* configure)
    {
        _log.Line($"configure x={configure->X} y={configure->Y} size={configure->Width}x{configure->Height}");
        if (configure->Width == _width && configure->Height == _height)
        {
            return;
        }
        _width = configure->Width;
        _height = configure->Height;
        if (_mapped)
        {
            Redraw();
        }
    }

    /// <summary>The whole window as frame <see cref="_frame"/> shows it: the pattern, or with --scroll the text and the marker.</summary>
    private void DrawWhole()
    {
        if (_options.Scroll is int lineHeight)
        {
            _painter!.DrawText(_options.Seed, _frame, _width, _height, lineHeight, _options.Rect!.Value);
        }
        else
        {
            _painter!.Draw(_options.Seed, _frame, _width, _height);
        }
    }

    private void Redraw()
    {
        DrawWhole();
        _log.Line($"redraw frame {_frame} size={_width}x{_height}");
    }

    private bool IsDeleteWindow(XClientMessageEvent* message) =>
        message->Window == _window
        && message->MessageType == _x.Atom("WM_PROTOCOLS")
        && message->Format == 32
        && (nuint)message->Data0 == _x.Atom("WM_DELETE_WINDOW");

    // The time the frame's XPutImage was sent: nobody can see the frame earlier, whereas a time taken
    // after XSync can lag the server by however long this process waits to be scheduled. Without the
    // option the line stays exactly "frame N", which the tests compare whole.
    private string FrameLine() => _options.Timestamps ? $"frame {_frame} t={_painter!.PutTimestamp}" : $"frame {_frame}";

    private TimeSpan FrameInterval => TimeSpan.FromSeconds(1.0 / _options.Fps);
}
