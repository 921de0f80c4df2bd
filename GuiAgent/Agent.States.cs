using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// Window states and the pointer shape: EWMH _NET_WM_STATE (fullscreen, demands attention), ICCCM
/// iconify requests, and XFixes cursor changes. The daemon decides what each means on the host.
/// </summary>
internal sealed partial class Agent
{
    private const int IconicState = 3;

    /// <summary>
    /// As the window manager we receive the clients' state requests (ClientMessages to the root)
    /// and record the result in the window's own _NET_WM_STATE, which in turn is reported.
    /// </summary>
    private void OnClientMessage(in XEventData e)
    {
        if (OnTrayMessage(e))
        {
            return;
        }

        if (!_windows.TryGetValue(e.Window, out TrackedWindow? window))
        {
            return;
        }

        if (e.Atom == _display.Atom("_NET_WM_STATE"))
        {
            XAtom netState = _display.Atom("_NET_WM_STATE");
            var states = _display.GetAtoms(window.Window, netState).ToHashSet();
            foreach (nint requested in new[] { e.Data.Second, e.Data.Third })
            {
                var atom = new XAtom((nuint)requested);
                if (atom.IsNone)
                {
                    continue;
                }

                bool add = e.Data.First switch { 0 => false, 1 => true, _ => !states.Contains(atom) }; // remove, add, toggle
                _ = add ? states.Add(atom) : states.Remove(atom);
            }

            _display.SetLongs(window.Window, netState, XAtom.Atom, states.Select(atom => (nint)atom.Id).ToArray());
        }
        else if (e.Atom == _display.Atom("WM_CHANGE_STATE") && e.Data.First == IconicState)
        {
            ReportFlags(window, window.Flags | WindowStateFlags.Minimize);
        }
    }

    private void OnNetWmStateChanged(TrackedWindow window)
    {
        IReadOnlyList<XAtom> states = _display.GetAtoms(window.Window, _display.Atom("_NET_WM_STATE"));
        WindowStateFlags flags = window.Flags & WindowStateFlags.Minimize;
        if (states.Contains(_display.Atom("_NET_WM_STATE_FULLSCREEN")))
        {
            flags |= WindowStateFlags.Fullscreen;
        }

        if (states.Contains(_display.Atom("_NET_WM_STATE_DEMANDS_ATTENTION")))
        {
            flags |= WindowStateFlags.DemandsAttention;
        }

        ReportFlags(window, flags);
    }

    /// <summary>Sends what changed since the last report.</summary>
    private void ReportFlags(TrackedWindow window, WindowStateFlags flags)
    {
        WindowStateFlags set = flags & ~window.Flags, unset = window.Flags & ~flags;
        window.Flags = flags;
        if (set != 0 || unset != 0)
        {
            Send(window, new WindowFlags(set, unset));
        }
    }

    /// <summary>The cursor changed: tell the daemon the shape for the window under the pointer.</summary>
    private void OnCursorChanged(XAtom cursorName)
    {
        if (!_windows.TryGetValue(_display.PointerWindow(), out TrackedWindow? window))
        {
            return;
        }

        CursorShape shape = CursorNames.ToShape(cursorName.IsNone ? "" : _display.AtomName(cursorName));
        if (shape.Id != window.Cursor)
        {
            window.Cursor = shape.Id;
            Send(window, shape);
        }
    }
}
