using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>What the agent knows about one top-level window of the qube.</summary>
internal sealed class TrackedWindow(XWindow window, XRect bounds, bool overrideRedirect)
{
    /// <summary>Most damaged rectangles kept per batch; beyond that they merge into their bounding box.</summary>
    public const int MaxDirtyRectangles = 32;

    public XWindow Window { get; } = window;

    /// <summary>The protocol id: the qube's X window id (X ids fit in 29 bits).</summary>
    public WindowId Id { get; } = new((uint)window.Id);

    public XRect Bounds { get; set; } = bounds;
    public bool OverrideRedirect { get; set; } = overrideRedirect;
    public bool Mapped { get; set; }
    public int Depth { get; set; } = 24;
    public nuint Damage { get; set; }

    /// <summary>
    /// Geometry the daemon asked for (the user or the host window manager moved the window) whose
    /// ConfigureNotify has not come back yet: that notify is not reported, since the daemon knows.
    /// </summary>
    public Queue<XRect> HostRequests { get; } = new();

    /// <summary>The window state flags last reported to the daemon.</summary>
    public WindowStateFlags Flags { get; set; }

    /// <summary>The WINDOW_TYPE last reported to the daemon, or null before the first.</summary>
    public WindowType? Type { get; set; }

    /// <summary>The CURSOR id last reported to the daemon.</summary>
    public uint Cursor { get; set; }

    /// <summary>The grant the daemon currently shows, or null before the first map.</summary>
    public WindowGrant? Grant { get; set; }

    /// <summary>Replaced grants, freed one by one as the daemon acknowledges the dumps that replaced them.</summary>
    public Queue<WindowGrant> Retired { get; } = new();

    /// <summary>Damage of the current event batch.</summary>
    public List<XRect> Dirty { get; } = [];

    public void AddDirty(XRect rect)
    {
        if (Dirty.Count < MaxDirtyRectangles)
        {
            Dirty.Add(rect);
            return;
        }

        XRect last = Dirty[^1];
        int left = Math.Min(last.X, rect.X), top = Math.Min(last.Y, rect.Y);
        int right = Math.Max(last.X + last.Width, rect.X + rect.Width), bottom = Math.Max(last.Y + last.Height, rect.Y + rect.Height);
        Dirty[^1] = new XRect(left, top, right - left, bottom - top);
    }
}
