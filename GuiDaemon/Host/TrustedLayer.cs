using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>
/// The daemon's own windows that must stay above every qube window (the notice, the X-ray
/// overlays): <see cref="Ceiling"/> is the lowest of them on the screen now, or None. A qube
/// window that goes up is stacked just below it, in one request, so it is never above a trusted
/// window, not even between two requests.
/// </summary>
internal sealed class TrustedLayer
{
    /// <summary>The lowest trusted window shown, or <see cref="XWindow.None"/> when none is.</summary>
    public XWindow Ceiling { get; set; } = XWindow.None;
}
