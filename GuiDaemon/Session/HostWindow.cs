using GuiVirt.Protocol;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>One qube window and the host window that shows it, inside the trusted frame.</summary>
internal sealed class HostWindow(WindowId id, XWindow host, MessageBudget raises)
{
    /// <summary>The qube's id for it; meaningful only within its qube's table.</summary>
    public WindowId Id { get; } = id;

    /// <summary>The host window: the qube's pixels inside, the frame around them.</summary>
    public XWindow Host { get; } = host;

    /// <summary>Shown translucent: an ARGB host window whose qube pixels are composited over the opacity floor (CREATE_ARGB). Fixed for the window's life.</summary>
    public bool Argb { get; init; }

    /// <summary>Where the qube says the window is, in its own coordinates (validated, not yet clamped to our screen).</summary>
    public XRect QubeBounds { get; set; }

    /// <summary>The host window's bounds as we last set or saw them (frame included).</summary>
    public XRect HostBounds { get; set; }

    public bool Mapped { get; set; }

    /// <summary>The qube's sanitized title (WINDOW_NAME), drawn on the title strip after "[qube] ".</summary>
    public string Title { get; set; } = "";

    /// <summary>The daemon's title strip, with <c>decorations = "strip"</c>; made at the first repaint.</summary>
    public Notices.TitleStrip? Strip { get; set; }

    /// <summary>While the user drags the title strip without a window manager: the pointer's offset from the window's corner.</summary>
    public (int X, int Y)? DragOffset { get; set; }

    /// <summary>How many more times the qube may raise the window while it is mapped (<see cref="MessageCosts.RaisesPerSecond"/>).</summary>
    public MessageBudget Raises { get; } = raises;

    /// <summary>The part of the host window exposed so far in a series of Expose events (repainted once, at the series' last event).</summary>
    public XRect? Exposed { get; set; }

    /// <summary>In a window manager's frame: a real ConfigureNotify is then relative to the frame, not the root.</summary>
    public bool Reparented { get; set; }

    /// <summary>The EWMH type the qube gave (WINDOW_TYPE), or null before it says.</summary>
    public Protocol.Messages.WindowKind? Kind { get; set; }

    /// <summary>The type set on the host window: <see cref="Kind"/>, or normal while the window covers most of the screen.</summary>
    public Protocol.Messages.WindowKind? ShownKind { get; set; }

    /// <summary>The EWMH states the daemon asked the host window manager for (set as _NET_WM_STATE before a map, requested after).</summary>
    public HostStates States { get; set; }

    /// <summary>The window this one is a dialog of, as set in its WM_TRANSIENT_FOR on the host (never a loop).</summary>
    public HostWindow? TransientOwner { get; set; }

    /// <summary>Iconified on the host (and so reported to the qube) while the qube has it mapped.</summary>
    public bool Minimized { get; set; }

    /// <summary>Mapped as override-redirect (unmanaged): only allowed while the window covers less than 90% of the screen.</summary>
    public bool OverrideRedirectInEffect { get; set; }

    /// <summary>The qube asked for override-redirect (honoured only for windows that cover little of the screen).</summary>
    public bool WantsOverrideRedirect { get; set; }

    /// <summary>Where the window was before the daemon itself made it fill the screen (no window manager to ask), to go back to.</summary>
    public XRect? RestoreBounds { get; set; }

    /// <summary>
    /// Geometry we asked the host X server for and whose ConfigureNotify has not come back yet.
    /// A notify that matches one is our own request echoing; anything else is the user or the
    /// window manager, and only that is reported to the qube. Without this, a stale echo would be
    /// mistaken for a user move and bounce between host and qube.
    /// </summary>
    public Queue<XRect> PendingConfigures { get; } = new();

    /// <summary>The qube sent DOCK for it (once: a repeat is ignored); counted against <see cref="Protocol.Limits.MaxTrayIcons"/>.</summary>
    public bool DockRequested { get; set; }

    /// <summary>Shown as an icon in the host's system tray (QubeSession.Tray), not as a top-level window.</summary>
    public bool Docked { get; set; }

    /// <summary>The pixels currently shown, or null before the first WINDOW_DUMP.</summary>
    public ShownGrant? Grant { get; set; }
}
