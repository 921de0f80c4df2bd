using GuiVirt.X11.Interop;
using static GuiVirt.X11.Interop.XEventType;

namespace GuiVirt.TestApp;

/// <summary>
/// --clipboard-set: owns CLIPBOARD and answers conversions to UTF8_STRING, STRING, TEXT and
/// TARGETS until another client takes the selection (then exits 0), as ICCCM section 2 asks.
/// </summary>
internal sealed unsafe class ClipboardOwner
{
    private const nint PropertyChangeMask = 1 << 22;
    private const int PropertyModeAppend = 2;
    private const int IdleMilliseconds = 100;

    private readonly XConnection _x;
    private readonly string _text;
    private readonly EventLog _log;
    private readonly StopSignal _stop;
    private nuint _window;
    private nuint _ownedSince;

    public ClipboardOwner(XConnection x, string text, EventLog log, StopSignal stop)
    {
        _x = x;
        _text = text;
        _log = log;
        _stop = stop;
    }

    public int Run()
    {
        // An unmapped window is enough to own a selection and to receive the requests.
        _window = Xlib.XCreateSimpleWindow(_x.Handle, _x.Root, 0, 0, 1, 1, 0, 0, 0);
        Xlib.XSelectInput(_x.Handle, _window, PropertyChangeMask);
        nuint clipboard = _x.Atom("CLIPBOARD");
        _ownedSince = ServerTime();
        Xlib.XSetSelectionOwner(_x.Handle, clipboard, _window, _ownedSince);
        if (Xlib.XGetSelectionOwner(_x.Handle, clipboard) != _window)
        {
            _log.Line("exit could not own CLIPBOARD");
            return 1;
        }
        _log.Line($"ready window=0x{_window:x}");

        XEvent ev;
        while (true)
        {
            while (!XConnection.Closed && Xlib.XPending(_x.Handle) > 0)
            {
                Xlib.XNextEvent(_x.Handle, &ev);
                if (ev.Type == SelectionRequest)
                {
                    Serve((XSelectionRequestEvent*)&ev);
                }
                // SelectionClear has selection at offset 40, where XSelectionEvent keeps it.
                else if (ev.Type == SelectionClear && ((XSelectionEvent*)&ev)->Selection == clipboard)
                {
                    _log.Line("clipboard lost");
                    return 0;
                }
            }
            if (XConnection.Closed || _stop.Requested)
            {
                _log.Line(XConnection.Closed ? "exit x connection closed" : "exit signal");
                return 0;
            }
            _x.WaitReadable(IdleMilliseconds);
        }
    }

    /// <summary>ICCCM forbids CurrentTime in XSetSelectionOwner: take a server timestamp from
    /// the PropertyNotify that a zero-length append causes.</summary>
    private nuint ServerTime()
    {
        nuint property = _x.Atom("GUIVIRT_TIMESTAMP");
        Xlib.XChangeProperty(_x.Handle, _window, property, _x.Atom("STRING"), 8, PropertyModeAppend, null, 0);
        XEvent ev;
        do
        {
            Xlib.XNextEvent(_x.Handle, &ev);
        }
        while (!XConnection.Closed && ev.Type != PropertyNotify);
        return XConnection.Closed ? 0 : ((XPropertyEvent*)&ev)->Time;
    }

    private void Serve(XSelectionRequestEvent* request)
    {
        nuint target = request->Target;
        _log.Line($"clipboard request target={_x.AtomName(target)}");
        // Obsolete requestors pass None as the property: ICCCM says use the target's name.
        nuint property = request->Property != 0 ? request->Property : target;
        bool tooEarly = request->Time != 0 && request->Time < _ownedSince;
        if (tooEarly || request->Selection != _x.Atom("CLIPBOARD"))
        {
            property = 0;
        }
        else if (target == _x.Atom("TARGETS"))
        {
            _x.SetLongs(request->Requestor, property, _x.Atom("ATOM"),
                [_x.Atom("TARGETS"), _x.Atom("UTF8_STRING"), _x.Atom("STRING"), _x.Atom("TEXT")]);
        }
        else if (target == _x.Atom("UTF8_STRING") || target == _x.Atom("TEXT"))
        {
            // TEXT lets the owner pick the encoding; UTF-8 loses nothing.
            _x.SetBytes(request->Requestor, property, _x.Atom("UTF8_STRING"), XConnection.Utf8(_text));
        }
        else if (target == _x.Atom("STRING"))
        {
            _x.SetBytes(request->Requestor, property, _x.Atom("STRING"), XConnection.Latin1(_text));
        }
        else
        {
            property = 0;   // refuse: SelectionNotify with property None
        }

        XEvent reply = default;
        var notify = (XSelectionEvent*)&reply;
        notify->Type = SelectionNotify;
        notify->Requestor = request->Requestor;
        notify->Selection = request->Selection;
        notify->Target = target;
        notify->Property = property;
        notify->Time = request->Time;
        Xlib.XSendEvent(_x.Handle, request->Requestor, 0, 0, &reply);
        Xlib.XFlush(_x.Handle);
    }
}
