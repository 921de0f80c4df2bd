namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_TYPE's type: the EWMH _NET_WM_WINDOW_TYPE values a qube's window may have. Desktop and
/// dock have no value: a qube's window cannot sit under every window or reserve screen edges.
/// </summary>
public enum WindowKind : uint
{
    /// <summary>_NET_WM_WINDOW_TYPE_NORMAL (and what a window without the property is).</summary>
    Normal = 0,
    /// <summary>_NET_WM_WINDOW_TYPE_DIALOG.</summary>
    Dialog = 1,
    /// <summary>_NET_WM_WINDOW_TYPE_UTILITY (a palette or toolbox).</summary>
    Utility = 2,
    /// <summary>_NET_WM_WINDOW_TYPE_TOOLBAR (a torn-off toolbar).</summary>
    Toolbar = 3,
    /// <summary>_NET_WM_WINDOW_TYPE_MENU (a torn-off menu).</summary>
    Menu = 4,
    /// <summary>_NET_WM_WINDOW_TYPE_SPLASH.</summary>
    Splash = 5,
    /// <summary>_NET_WM_WINDOW_TYPE_DROPDOWN_MENU.</summary>
    DropdownMenu = 6,
    /// <summary>_NET_WM_WINDOW_TYPE_POPUP_MENU.</summary>
    PopupMenu = 7,
    /// <summary>_NET_WM_WINDOW_TYPE_TOOLTIP.</summary>
    Tooltip = 8,
    /// <summary>_NET_WM_WINDOW_TYPE_NOTIFICATION.</summary>
    Notification = 9,
    /// <summary>_NET_WM_WINDOW_TYPE_COMBO.</summary>
    Combo = 10,
    /// <summary>_NET_WM_WINDOW_TYPE_DND (a drag-and-drop icon).</summary>
    DragAndDrop = 11,
}
