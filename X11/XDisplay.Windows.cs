using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Window operations. Requests about windows that may have vanished are fine: the error is logged, not fatal.</summary>
public sealed unsafe partial class XDisplay
{
    private readonly Dictionary<int, nuint> _fontCursors = [];

    /// <summary>Creates a plain child window (not mapped).</summary>
    public XWindow CreateWindow(XWindow parent, XRect bounds, uint background = 0, bool overrideRedirect = false)
    {
        var window = new XWindow(Xlib.XCreateSimpleWindow(Raw, parent.Id, bounds.X, bounds.Y, (uint)bounds.Width, (uint)bounds.Height, 0, 0, background));
        if (overrideRedirect)
        {
            XSetWindowAttributes attributes = default;
            attributes.OverrideRedirect = 1;
            _ = Xlib.XChangeWindowAttributes(Raw, window.Id, 1 << 9 /* CWOverrideRedirect */, &attributes);
        }

        return window;
    }

    /// <summary>Sets or clears override-redirect (takes effect at the next map).</summary>
    public void SetOverrideRedirect(XWindow window, bool overrideRedirect)
    {
        XSetWindowAttributes attributes = default;
        attributes.OverrideRedirect = overrideRedirect ? 1 : 0;
        _ = Xlib.XChangeWindowAttributes(Raw, window.Id, 1 << 9 /* CWOverrideRedirect */, &attributes);
    }

    /// <summary>Sets WM_NORMAL_HINTS.</summary>
    public void SetSizeHints(XWindow window, in XSizeHintsData hints)
    {
        XSizeHints native = default;
        native.Flags = (nint)hints.Flags;
        native.MinWidth = hints.MinWidth;
        native.MinHeight = hints.MinHeight;
        native.MaxWidth = hints.MaxWidth;
        native.MaxHeight = hints.MaxHeight;
        native.WidthIncrement = hints.WidthIncrement;
        native.HeightIncrement = hints.HeightIncrement;
        native.BaseWidth = hints.BaseWidth;
        native.BaseHeight = hints.BaseHeight;
        native.WinGravity = hints.WinGravity;
        _ = Xlib.XSetWMNormalHints(Raw, window.Id, &native);
    }

    /// <summary>Shows the cursor-font glyph <paramref name="glyph"/> over the window, or the default for null.</summary>
    public void DefineFontCursor(XWindow window, int? glyph)
    {
        nuint cursor = 0;
        if (glyph is int shape && !_fontCursors.TryGetValue(shape, out cursor))
        {
            cursor = Xlib.XCreateFontCursor(Raw, (uint)shape);
            _fontCursors[shape] = cursor;
        }

        _ = Xlib.XDefineCursor(Raw, window.Id, cursor);
    }

    /// <summary>XMapWindow.</summary>
    public void Map(XWindow window) => Xlib.XMapWindow(Raw, window.Id);

    /// <summary>XUnmapWindow.</summary>
    public void Unmap(XWindow window) => Xlib.XUnmapWindow(Raw, window.Id);

    /// <summary>XDestroyWindow.</summary>
    public void Destroy(XWindow window)
    {
        ForgetArgb(window);
        _ = Xlib.XDestroyWindow(Raw, window.Id);
    }

    /// <summary>XRaiseWindow.</summary>
    public void Raise(XWindow window) => Xlib.XRaiseWindow(Raw, window.Id);

    /// <summary>XMoveResizeWindow (sizes below 1 become 1).</summary>
    public void MoveResize(XWindow window, XRect bounds) =>
        Xlib.XMoveResizeWindow(Raw, window.Id, bounds.X, bounds.Y, (uint)Math.Max(1, bounds.Width), (uint)Math.Max(1, bounds.Height));

    /// <summary>
    /// Puts <paramref name="window"/> just below its sibling <paramref name="sibling"/> in the
    /// stack, in one request (never above it, not even for a moment, as a raise and a later
    /// lowering of the sibling would). BadMatch, logged, if they are not siblings.
    /// </summary>
    public void StackBelow(XWindow window, XWindow sibling)
    {
        const uint CWSibling = 1 << 5, CWStackMode = 1 << 6;
        const int Below = 1;
        XWindowChanges changes = default;
        changes.Sibling = sibling.Id;
        changes.StackMode = Below;
        _ = Xlib.XConfigureWindow(Raw, window.Id, CWSibling | CWStackMode, &changes);
    }

    /// <summary>
    /// Grants a ConfigureRequest as asked: the fields in <paramref name="valueMask"/> (CWX .. CWStackMode)
    /// from <paramref name="request"/>.
    /// </summary>
    public void Configure(XWindow window, uint valueMask, in XEventData request)
    {
        XWindowChanges changes = default;
        changes.X = request.X;
        changes.Y = request.Y;
        changes.Width = Math.Max(1, request.Width);
        changes.Height = Math.Max(1, request.Height);
        changes.Sibling = request.Other.Id;
        changes.StackMode = request.Mode;
        _ = Xlib.XConfigureWindow(Raw, window.Id, valueMask & 0x7F, &changes);
    }

    /// <summary>Geometry and state of a window; null when it no longer exists.</summary>
    public XWindowGeometry? TryGetGeometry(XWindow window)
    {
        XWindowAttributes attributes;
        using ErrorTrap trap = TrapErrors();
        if (Xlib.XGetWindowAttributes(Raw, window.Id, &attributes) == 0 || trap.ErrorCode != 0)
        {
            return null;
        }

        return new XWindowGeometry(
            new XRect(attributes.X, attributes.Y, attributes.Width, attributes.Height),
            attributes.BorderWidth,
            attributes.Depth,
            attributes.OverrideRedirect != 0,
            Viewable: attributes.MapState == 2,
            InputOnly: attributes.Class == 2);
    }

    /// <summary>
    /// Where the top-left corner of <paramref name="window"/> is on the root window (one round
    /// trip), whoever its parent is: under a reparenting window manager a window's own
    /// coordinates are relative to the manager's frame. Null when the window no longer exists.
    /// </summary>
    public (int X, int Y)? RootPosition(XWindow window)
    {
        int x, y;
        nuint child;
        using ErrorTrap trap = TrapErrors();
        if (Xlib.XTranslateCoordinates(Raw, window.Id, Root.Id, 0, 0, &x, &y, &child) == 0 || trap.ErrorCode != 0)
        {
            return null;
        }

        return (x, y);
    }

    /// <summary>The children of <paramref name="window"/>, bottom to top.</summary>
    public IReadOnlyList<XWindow> Children(XWindow window)
    {
        nuint root, parent;
        nuint* children;
        uint count;
        if (Xlib.XQueryTree(Raw, window.Id, &root, &parent, &children, &count) == 0)
        {
            return [];
        }

        var list = new XWindow[count];
        for (int i = 0; i < count; i++)
        {
            list[i] = new XWindow(children[i]);
        }

        if (children != null)
        {
            _ = Xlib.XFree(children);
        }

        return list;
    }

    /// <summary>
    /// Gives the keyboard focus to <paramref name="window"/> (revert to the root if it goes away),
    /// as of server time <paramref name="time"/> (0: CurrentTime); the server ignores a request
    /// older than the last focus change, so a late one never undoes a newer choice.
    /// </summary>
    public void SetFocus(XWindow window, nuint time = 0) => Xlib.XSetInputFocus(Raw, window.Id, 1 /* RevertToPointerRoot */, time);

    /// <summary>Disconnects the client that owns <paramref name="window"/> (XKillClient).</summary>
    public void KillClient(XWindow window) => Xlib.XKillClient(Raw, window.Id);

    /// <summary>Sends a format-32 ClientMessage to <paramref name="window"/> itself (no propagation, no mask).</summary>
    public void SendClientMessage(XWindow window, XAtom type, nint data0, nint data1 = 0) =>
        SendClientMessage(window, window, 0, type, data0, data1, 0);

    /// <summary>
    /// A format-32 ClientMessage about <paramref name="window"/> sent to the root, where a window
    /// manager listens (EWMH and ICCCM state requests).
    /// </summary>
    public void SendClientMessageToRoot(XWindow window, XAtom type, nint data0, nint data1, nint data2) =>
        SendClientMessage(Root, window, EventMask.SubstructureNotify | EventMask.SubstructureRedirect, type, data0, data1, data2);

    /// <summary>
    /// A format-32 ClientMessage about <paramref name="about"/> with all five longs, sent with no
    /// event mask: it goes to the client that created <paramref name="destination"/> (a selection
    /// owner such as a system tray, or an XEmbed client).
    /// </summary>
    public void SendClientMessageTo(XWindow destination, XWindow about, XAtom type, nint data0, nint data1, nint data2, nint data3 = 0, nint data4 = 0) =>
        SendClientMessage(destination, about, 0, type, data0, data1, data2, data3, data4);

    /// <summary>A format-32 ClientMessage to the root with SubstructureNotify and StructureNotify (ICCCM's MANAGER announcement).</summary>
    public void BroadcastToRoot(XAtom type, nint data0, nint data1, nint data2) =>
        SendClientMessage(Root, Root, EventMask.StructureNotify, type, data0, data1, data2);

    /// <summary>Makes <paramref name="window"/> a child of <paramref name="parent"/> at (x, y) (XEmbed: the embedder takes its client).</summary>
    public void Reparent(XWindow window, XWindow parent, int x, int y) => Xlib.XReparentWindow(Raw, window.Id, parent.Id, x, y);

    private void SendClientMessage(XWindow destination, XWindow about, EventMask mask, XAtom type, nint data0, nint data1, nint data2, nint data3 = 0, nint data4 = 0)
    {
        XEvent ev = default;
        var message = (XClientMessageEvent*)&ev;
        message->Type = XEventType.ClientMessage;
        message->Window = about.Id;
        message->MessageType = type.Id;
        message->Format = 32;
        message->Data0 = data0;
        message->Data1 = data1;
        message->Data2 = data2;
        message->Data3 = data3;
        message->Data4 = data4;
        _ = Xlib.XSendEvent(Raw, destination.Id, 0, (nint)mask, &ev);
    }

    /// <summary>The keyboard focus: a window, <see cref="XWindow.None"/> (0) or PointerRoot (1).</summary>
    public XWindow InputFocus()
    {
        nuint focus;
        int revertTo;
        _ = Xlib.XGetInputFocus(Raw, &focus, &revertTo);
        return new XWindow(focus);
    }

    /// <summary>
    /// True when the keyboard focus is on the top-level window under the pointer or a window
    /// inside it (a window manager focuses the client in its frame): a click there has focused it.
    /// </summary>
    public bool FocusIsUnderPointer()
    {
        XWindow pointer = PointerWindow(), focus = InputFocus();
        if (pointer.IsNone || focus.Id <= 1)
        {
            return false;
        }

        for (int depth = 0; depth < 8 && focus.Id > 1 && focus != Root; depth++)
        {
            if (focus == pointer)
            {
                return true;
            }

            nuint root, parent;
            nuint* children;
            uint count;
            if (Xlib.XQueryTree(Raw, focus.Id, &root, &parent, &children, &count) == 0)
            {
                return false;
            }

            if (children != null)
            {
                _ = Xlib.XFree(children);
            }

            focus = new XWindow(parent);
        }

        return false;
    }

    /// <summary>The top-level window (child of the root) under the pointer, or None.</summary>
    public XWindow PointerWindow()
    {
        nuint root, child;
        int rootX, rootY, x, y;
        uint mask;
        return Xlib.XQueryPointer(Raw, Root.Id, &root, &child, &rootX, &rootY, &x, &y, &mask) != 0 ? new XWindow(child) : XWindow.None;
    }

    /// <summary>The keys down right now, as X's 32-byte key vector.</summary>
    public void QueryKeymap(Span<byte> keys)
    {
        if (keys.Length != 32)
        {
            throw new ArgumentException("the key vector is 32 bytes", nameof(keys));
        }

        fixed (byte* p = keys)
        {
            _ = Xlib.XQueryKeymap(Raw, p);
        }
    }
}
