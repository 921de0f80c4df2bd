using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// WINDOW_ICON: the qube's icon for a window, tinted to the qube's label colour (<see cref="LabelTint"/>)
/// and set as the host window's _NET_WM_ICON, so taskbars and switchers show the app's shape in the
/// qube's colour, never the colours the qube chose.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>
    /// An icon costs a property change plus its pixels tinted and sent (at most 128 x 128: 4 units
    /// more), so a qube sending icons in a loop pays for the work like any other property.
    /// </summary>
    public void OnWindowIcon(WindowId window, WindowIcon icon)
    {
        HostWindow shown = Resolve(window);
        Charge(MessageCosts.Property + MessageCosts.Pixels(icon.Width, icon.Height));

        // Security: the sides are at most 128 and the length exactly width x height x 4 (checked by
        // Protocol); LabelTint reads only its own copy of those bytes.
        nint[] tinted = LabelTint.ToNetWmIcon(icon.Width, icon.Height, icon.UntrustedArgb, Qube.Label.Color);
        _host.SetLongs(shown.Host, _host.Atom("_NET_WM_ICON"), XAtom.Cardinal, tinted);
    }
}
