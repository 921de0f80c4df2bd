using GuiVirt.X11.Interop;
using static GuiVirt.X11.Interop.XEventType;

namespace GuiVirt.X11;

/// <summary>Reading and decoding events.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>Events already read from the connection or readable now without blocking.</summary>
    public int Pending => IsConnectionLost ? 0 : Xlib.XPending(Raw);

    /// <summary>Takes the next event if one is there without blocking; false otherwise.</summary>
    public bool TryNextEvent(out XEventData data)
    {
        if (Pending == 0)
        {
            data = default;
            return false;
        }

        XEvent ev;
        _ = Xlib.XNextEvent(Raw, &ev);
        data = Decode(&ev);
        return true;
    }

    /// <summary>Selects events on a window (an Xlib event mask).</summary>
    public void SelectInput(XWindow window, EventMask mask) => Xlib.XSelectInput(Raw, window.Id, (nint)mask);

    private XEventData Decode(XEvent* ev)
    {
        int type = ev->Type & ~SentByClient;
        XEventData data = DecodeFields(ev, type);
        return ev->SendEvent != 0 ? data with { Synthetic = true } : data;
    }

    private XEventData DecodeFields(XEvent* ev, int type)
    {
        if (_damageEventBase >= 0 && type == _damageEventBase)
        {
            var damage = (XDamageNotifyEvent*)ev;
            return new XEventData
            {
                Kind = XEventKind.Damage, Window = new XWindow(damage->Drawable),
                X = damage->Area.X, Y = damage->Area.Y, Width = damage->Area.Width, Height = damage->Area.Height,
            };
        }

        if (_fixesEventBase >= 0 && type == _fixesEventBase + Fixes.CursorNotify)
        {
            var cursor = (XFixesCursorNotifyEvent*)ev;
            return new XEventData { Kind = XEventKind.CursorChange, Window = new XWindow(cursor->Window), Atom = new XAtom(cursor->CursorName) };
        }

        if (IsScreenChangeEvent(type))
        {
            return DecodeScreenChange(ev);
        }

        if (IsXkbEvent(type))
        {
            return ((XkbAnyEvent*)ev)->XkbType switch
            {
                Xkb.StateNotify => new XEventData { Kind = XEventKind.KeyboardGroup },
                Xkb.MapNotify => new XEventData { Kind = XEventKind.Mapping, Mode = 1 }, // keycodes remapped: the reader looks at all of them
                _ => new XEventData { Kind = XEventKind.Other },
            };
        }

        if (type == Xkb.MappingNotify)
        {
            var mapping = (XMappingEvent*)ev;
            // Xlib's own keysym cache (XKeysymToKeycode, XLookupString) must hear of the change too.
            _ = Xkb.XRefreshKeyboardMapping(mapping);
            return new XEventData { Kind = XEventKind.Mapping, Mode = mapping->Request, Detail = (uint)mapping->FirstKeycode, Width = mapping->Count };
        }

        switch (type)
        {
            case KeyPress or KeyRelease or ButtonPress or ButtonRelease or MotionNotify:
                var input = (XInputEvent*)ev;
                return new XEventData
                {
                    Kind = type switch { KeyPress => XEventKind.KeyPress, KeyRelease => XEventKind.KeyRelease, ButtonPress => XEventKind.ButtonPress, ButtonRelease => XEventKind.ButtonRelease, _ => XEventKind.Motion },
                    Window = new XWindow(input->Window), X = input->X, Y = input->Y, RootX = input->XRoot, RootY = input->YRoot,
                    State = input->State, Detail = type == MotionNotify ? input->Detail & 0xff : input->Detail, Time = input->Time,
                };
            case EnterNotify or LeaveNotify:
                var crossing = (XCrossingEvent*)ev;
                return new XEventData
                {
                    Kind = type == EnterNotify ? XEventKind.Enter : XEventKind.Leave, Window = new XWindow(crossing->Window),
                    X = crossing->X, Y = crossing->Y, State = crossing->State, Mode = crossing->Mode, Detail = (uint)crossing->Detail, Flag = crossing->Focus != 0,
                };
            case FocusIn or FocusOut:
                var focus = (XFocusChangeEvent*)ev;
                return new XEventData { Kind = type == FocusIn ? XEventKind.FocusIn : XEventKind.FocusOut, Window = new XWindow(focus->Window), Mode = focus->Mode, Detail = (uint)focus->Detail };
            case Expose:
                var expose = (XExposeEvent*)ev;
                return new XEventData { Kind = XEventKind.Expose, Window = new XWindow(expose->Window), X = expose->X, Y = expose->Y, Width = expose->Width, Height = expose->Height, Detail = (uint)expose->Count };
            case VisibilityNotify:
                var visibility = (XVisibilityEvent*)ev;
                return new XEventData { Kind = XEventKind.Visibility, Window = new XWindow(visibility->Window), Detail = (uint)visibility->State };
            case CreateNotify:
                var create = (XCreateWindowEvent*)ev;
                return new XEventData
                {
                    Kind = XEventKind.Create, Parent = new XWindow(create->Parent), Window = new XWindow(create->Window),
                    X = create->X, Y = create->Y, Width = create->Width, Height = create->Height, Flag = create->OverrideRedirect != 0,
                };
            case ReparentNotify:
                var reparent = (XReparentEvent*)ev;
                return new XEventData
                {
                    Kind = XEventKind.Reparent, Parent = new XWindow(reparent->Event), Window = new XWindow(reparent->Window),
                    Other = new XWindow(reparent->Parent), X = reparent->X, Y = reparent->Y, Flag = reparent->OverrideRedirect != 0,
                };
            case DestroyNotify or UnmapNotify or MapNotify or MapRequest or CirculateRequest:
                var structure = (XWindowEvent*)ev;
                return new XEventData
                {
                    Kind = type switch { DestroyNotify => XEventKind.Destroy, UnmapNotify => XEventKind.Unmap, MapNotify => XEventKind.Map, MapRequest => XEventKind.MapRequest, _ => XEventKind.CirculateRequest },
                    Parent = new XWindow(structure->Event), Window = new XWindow(structure->Window),
                    Flag = type is UnmapNotify or MapNotify && structure->Flag != 0, Detail = type == CirculateRequest ? (uint)structure->Flag : 0,
                };
            case ConfigureNotify or ConfigureRequest:
                var configure = (XConfigureEvent*)ev;
                return new XEventData
                {
                    Kind = type == ConfigureNotify ? XEventKind.Configure : XEventKind.ConfigureRequest,
                    Parent = new XWindow(configure->Event), Window = new XWindow(configure->Window),
                    X = configure->X, Y = configure->Y, Width = configure->Width, Height = configure->Height, Other = new XWindow(configure->Above),
                    Flag = type == ConfigureNotify && configure->OverrideRedirectOrDetail != 0,
                    Mode = type == ConfigureRequest ? configure->OverrideRedirectOrDetail : 0, ValueMask = type == ConfigureRequest ? (uint)configure->ValueMask : 0,
                };
            case PropertyNotify:
                var property = (XPropertyEvent*)ev;
                return new XEventData { Kind = XEventKind.Property, Window = new XWindow(property->Window), Atom = new XAtom(property->Atom), Detail = (uint)property->State, Time = property->Time };
            case SelectionClear:
                var clear = (XSelectionEvent*)ev; // window, selection, time share the first offsets
                return new XEventData { Kind = XEventKind.SelectionClear, Window = new XWindow(clear->Requestor), Atom = new XAtom(clear->Selection), Time = clear->Target };
            case SelectionRequest:
                var request = (XSelectionRequestEvent*)ev;
                return new XEventData
                {
                    Kind = XEventKind.SelectionRequest, Window = new XWindow(request->Owner), Other = new XWindow(request->Requestor),
                    Atom = new XAtom(request->Selection), Target = new XAtom(request->Target), Property = new XAtom(request->Property), Time = request->Time,
                };
            case SelectionNotify:
                var notify = (XSelectionEvent*)ev;
                return new XEventData
                {
                    Kind = XEventKind.SelectionNotify, Window = new XWindow(notify->Requestor), Atom = new XAtom(notify->Selection),
                    Target = new XAtom(notify->Target), Property = new XAtom(notify->Property), Time = notify->Time,
                };
            case ClientMessage:
                var client = (XClientMessageEvent*)ev;
                return new XEventData { Kind = XEventKind.ClientMessage, Window = new XWindow(client->Window), Atom = new XAtom(client->MessageType), Data = (client->Data0, client->Data1, client->Data2) };
            default:
                return new XEventData { Kind = XEventKind.Other, Window = new XWindow(ev->Window) };
        }
    }
}
