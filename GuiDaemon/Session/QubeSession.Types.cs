using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// What a window is, passed to the host window manager: its EWMH type (a dialog, a menu, a
/// splash ...) and its modal, skip-taskbar and skip-pager states, so the manager treats it as it
/// treats a native window of that kind. The list of types is fixed by the protocol (no desktop,
/// no dock), and a type drawn without a title bar is only passed for a window that covers little
/// of the screen.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>The _NET_WM_WINDOW_TYPE atom of each <see cref="WindowKind"/>, in its order.</summary>
    private static readonly string[] KindAtoms =
    [
        "_NET_WM_WINDOW_TYPE_NORMAL", "_NET_WM_WINDOW_TYPE_DIALOG", "_NET_WM_WINDOW_TYPE_UTILITY", "_NET_WM_WINDOW_TYPE_TOOLBAR",
        "_NET_WM_WINDOW_TYPE_MENU", "_NET_WM_WINDOW_TYPE_SPLASH", "_NET_WM_WINDOW_TYPE_DROPDOWN_MENU", "_NET_WM_WINDOW_TYPE_POPUP_MENU",
        "_NET_WM_WINDOW_TYPE_TOOLTIP", "_NET_WM_WINDOW_TYPE_NOTIFICATION", "_NET_WM_WINDOW_TYPE_COMBO", "_NET_WM_WINDOW_TYPE_DND",
    ];

    public void OnWindowType(WindowId window, WindowType type)
    {
        HostWindow shown = Resolve(window);
        Charge(MessageCosts.Property);
        shown.Kind = type.Kind;
        ShowKind(shown, shown.HostBounds);
        SetStates(shown, HostStates.Modal, type.States.HasFlag(WindowTypeStates.Modal));
        SetStates(shown, HostStates.SkipTaskbar, type.States.HasFlag(WindowTypeStates.SkipTaskbar));
        SetStates(shown, HostStates.SkipPager, type.States.HasFlag(WindowTypeStates.SkipPager));
    }

    /// <summary>Managers draw normal windows, dialogs and utility windows with a title bar; the others (splash, menus, tooltips ...) without.</summary>
    private static bool HasTitleBar(WindowKind kind) => kind is WindowKind.Normal or WindowKind.Dialog or WindowKind.Utility;

    /// <summary>
    /// Security: a window about to cover most of the screen is typed normal whatever it asked
    /// for, so the manager gives it its title bar: a qube cannot paint an untitled fake desktop
    /// inside a thin frame by calling it a splash screen (the screen-cover rule, as for
    /// override-redirect). Called whenever the window's size changes.
    /// </summary>
    private void ShowKind(HostWindow shown, XRect hostBounds)
    {
        if (shown.Kind is not { } kind)
        {
            return; // the qube never said: no property, and the manager decides as for any client
        }

        WindowKind shownKind = !HasTitleBar(kind) && CoversMostOfTheScreen(hostBounds) ? WindowKind.Normal : kind;
        if (shownKind != shown.ShownKind)
        {
            shown.ShownKind = shownKind;
            _host.SetLongs(shown.Host, _host.Atom("_NET_WM_WINDOW_TYPE"), XAtom.Atom, [(nint)_host.Atom(KindAtoms[(int)shownKind]).Id]);
        }
    }
}
