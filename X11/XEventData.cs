namespace GuiVirt.X11;

/// <summary>
/// One decoded X event. Which fields mean something depends on <see cref="Kind"/>; the comments
/// name the Xlib field each one comes from. A struct, so reading events allocates nothing.
/// </summary>
public readonly struct XEventData
{
    /// <summary>What happened.</summary>
    public XEventKind Kind { get; init; }

    /// <summary>The window the event is about (xany.window; for structure events the child: xmap.window, xcreatewindow.window ...).</summary>
    public XWindow Window { get; init; }

    /// <summary>xcreatewindow.parent, xmaprequest.parent, xconfigurerequest.parent, xmap.event, xconfigure.event ...</summary>
    public XWindow Parent { get; init; }

    /// <summary>Position (relative to the window for input events, to the parent for structure events).</summary>
    public int X { get; init; }

    /// <summary>Position.</summary>
    public int Y { get; init; }

    /// <summary>Width (structure and expose events).</summary>
    public int Width { get; init; }

    /// <summary>Height (structure and expose events).</summary>
    public int Height { get; init; }

    /// <summary>Pointer position on the root window (input events).</summary>
    public int RootX { get; init; }

    /// <summary>Pointer position on the root window (input events).</summary>
    public int RootY { get; init; }

    /// <summary>Modifier and button state (input events).</summary>
    public uint State { get; init; }

    /// <summary>Keycode, button, is_hint, crossing/focus detail, expose count, circulate place, property state.</summary>
    public uint Detail { get; init; }

    /// <summary>Crossing and focus mode; configure request stack mode.</summary>
    public int Mode { get; init; }

    /// <summary>override_redirect (create, map, configure, reparent), focus (crossing), from_configure (unmap).</summary>
    public bool Flag { get; init; }

    /// <summary>xconfigurerequest.value_mask.</summary>
    public uint ValueMask { get; init; }

    /// <summary>xproperty.atom, xselection*.selection, xclient.message_type, cursor name.</summary>
    public XAtom Atom { get; init; }

    /// <summary>xselectionrequest.target, xselection.target.</summary>
    public XAtom Target { get; init; }

    /// <summary>xselectionrequest.property, xselection.property.</summary>
    public XAtom Property { get; init; }

    /// <summary>xselectionrequest.requestor; xconfigure.above; xreparent.parent (the new parent).</summary>
    public XWindow Other { get; init; }

    /// <summary>
    /// xany.send_event: another client sent it with SendEvent. A window manager's synthetic
    /// ConfigureNotify carries root coordinates (ICCCM 4.1.5), a real one coordinates in the parent.
    /// </summary>
    public bool Synthetic { get; init; }

    /// <summary>Server time of the event.</summary>
    public nuint Time { get; init; }

    /// <summary>xclient.data.l[0], l[1] and l[2] (format 32).</summary>
    public (nint First, nint Second, nint Third) Data { get; init; }
}
