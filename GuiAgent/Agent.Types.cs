using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// What a window is, for the host's window manager: the app's _NET_WM_WINDOW_TYPE (its first
/// value the protocol has; EWMH: a transient window without one is a dialog) and its modal,
/// skip-taskbar and skip-pager states, sent as WINDOW_TYPE before MAP and whenever they change.
/// </summary>
internal sealed partial class Agent
{
    /// <summary>The _NET_WM_WINDOW_TYPE atoms the protocol carries, in <see cref="WindowKind"/> order (desktop and dock are not among them).</summary>
    private static readonly string[] KindAtoms =
    [
        "_NET_WM_WINDOW_TYPE_NORMAL", "_NET_WM_WINDOW_TYPE_DIALOG", "_NET_WM_WINDOW_TYPE_UTILITY", "_NET_WM_WINDOW_TYPE_TOOLBAR",
        "_NET_WM_WINDOW_TYPE_MENU", "_NET_WM_WINDOW_TYPE_SPLASH", "_NET_WM_WINDOW_TYPE_DROPDOWN_MENU", "_NET_WM_WINDOW_TYPE_POPUP_MENU",
        "_NET_WM_WINDOW_TYPE_TOOLTIP", "_NET_WM_WINDOW_TYPE_NOTIFICATION", "_NET_WM_WINDOW_TYPE_COMBO", "_NET_WM_WINDOW_TYPE_DND",
    ];

    /// <summary>The _NET_WM_STATE atoms that describe what a window is, in <see cref="WindowTypeStates"/> bit order.</summary>
    private static readonly string[] TypeStateAtoms = ["_NET_WM_STATE_MODAL", "_NET_WM_STATE_SKIP_TASKBAR", "_NET_WM_STATE_SKIP_PAGER"];

    /// <summary>The hints this agent understands, for _NET_SUPPORTED.</summary>
    private static IEnumerable<string> TypeHints => [.. KindAtoms, .. TypeStateAtoms, "_NET_WM_WINDOW_TYPE"];

    /// <summary>Sends WINDOW_TYPE if the window's type or states differ from what the daemon has.</summary>
    private void SendType(TrackedWindow window)
    {
        WindowType type = ReadType(window);
        if (type != window.Type)
        {
            window.Type = type;
            Send(window, type);
        }
    }

    private WindowType ReadType(TrackedWindow window)
    {
        WindowKind? kind = null;
        foreach (XAtom atom in _display.GetAtoms(window.Window, _display.Atom("_NET_WM_WINDOW_TYPE")))
        {
            int index = Array.FindIndex(KindAtoms, name => _display.Atom(name) == atom);
            if (index >= 0)
            {
                kind = (WindowKind)index;
                break; // EWMH: the first type the manager knows wins
            }
        }

        kind ??= _display.TransientFor(window.Window).IsNone ? WindowKind.Normal : WindowKind.Dialog;
        IReadOnlyList<XAtom> states = _display.GetAtoms(window.Window, _display.Atom("_NET_WM_STATE"));
        var typeStates = WindowTypeStates.None;
        for (int bit = 0; bit < TypeStateAtoms.Length; bit++)
        {
            if (states.Contains(_display.Atom(TypeStateAtoms[bit])))
            {
                typeStates |= (WindowTypeStates)(1u << bit);
            }
        }

        return new WindowType(kind.Value, typeStates);
    }
}
