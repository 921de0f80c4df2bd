using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Where a qube window is, kept in step both ways without a feedback loop, under any host window
/// manager or none. Host bounds are always the host window's own (the frame included) in root
/// coordinates. The qube is told only what the user or the window manager did (never the echo of
/// the daemon's own request), and the host window moves only when the qube's window changed for a
/// reason of its own (never because the qube repeats what it was told). Requests place the host
/// window itself, not a window manager's frame: WM_NORMAL_HINTS says StaticGravity.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>ICCCM 4.1.2.3 win_gravity: a position names the window itself, wherever a window manager puts its frame.</summary>
    private const int StaticGravity = 10;

    /// <summary>The last SCREEN_CONFIG sent to the qube.</summary>
    private ScreenLayout? _screenSent;

    /// <summary>Pending requests kept per window: the server answers each, so a longer queue means answers were lost.</summary>
    private const int MaxPendingConfigures = 32;

    /// <summary>The qube's window changed on its own (the app moved or resized it): the host window follows.</summary>
    private void OnQubeConfigured(HostWindow shown, XRect bounds)
    {
        if (bounds == shown.QubeBounds)
        {
            return; // what we know already (a repeat, or an agent that echoes our CONFIGURE): moving again would step a frame each time
        }

        shown.QubeBounds = bounds;
        Charge(MessageCosts.Configure); // the host window moves or changes size: exposes here and beneath
        XRect hostBounds = HostBoundsFor(bounds);
        ManageIfCoveringTheScreen(shown, hostBounds);
        // Typed normal before it grows over the screen, given its own type back only once it has shrunk.
        ShowKind(shown, CoversMostOfTheScreen(shown.HostBounds) ? shown.HostBounds : hostBounds);
        if (hostBounds != shown.HostBounds)
        {
            RequestHostBounds(shown, hostBounds);
        }

        ShowKind(shown, hostBounds);
    }

    /// <summary>A ConfigureNotify of a host window: our own request coming back, or the user's (or window manager's) doing.</summary>
    private void OnHostConfigured(HostWindow shown, in XEventData e)
    {
        if (RootBoundsOf(shown, e) is not { } hostBounds)
        {
            return; // the window is gone; its DestroyNotify follows
        }

        if (shown.PendingConfigures.Contains(hostBounds))
        {
            // Our own request echoing (maybe a stale one, behind newer requests): not news.
            while (shown.PendingConfigures.TryDequeue(out XRect echoed) && echoed != hostBounds)
            {
            }

            return;
        }

        if (hostBounds != shown.HostBounds)
        {
            TellQube(shown, hostBounds); // the host window manager (or the user) moved or resized it
        }
    }

    /// <summary>
    /// The event's geometry in root coordinates. ICCCM 4.1.5: a window manager's synthetic
    /// ConfigureNotify carries root coordinates; a real one is relative to the parent, which after
    /// reparenting is the manager's frame (openbox reports (1,20) for every window), so the
    /// server is asked where the window is.
    /// </summary>
    private XRect? RootBoundsOf(HostWindow shown, in XEventData e)
    {
        if (e.Synthetic || !shown.Reparented)
        {
            return new XRect(e.X, e.Y, e.Width, e.Height);
        }

        return _host.RootPosition(shown.Host) is (int x, int y) ? new XRect(x, y, e.Width, e.Height) : null;
    }

    /// <summary>
    /// The qube's window follows its host window (the frame taken off; with upscale, divided by the
    /// scale and rounded down: an odd host interior of 2n+1 pixels is a qube window of n, its last
    /// host column or row the window's own background, never a qube pixel).
    /// </summary>
    private void TellQube(HostWindow shown, XRect hostBounds)
    {
        shown.HostBounds = hostBounds;
        ShowKind(shown, hostBounds); // the manager (or the user) made it cover the screen: a title bar again
        int width = Math.Clamp(Down(hostBounds.Width - (2 * Frame)), 1, Limits.MaxWindowWidth);
        int height = Math.Clamp(Down(hostBounds.Height - Frame - Top), 1, Limits.MaxWindowHeight);
        shown.QubeBounds = new XRect(Bounded(Down(hostBounds.X + Frame)), Bounded(Down(hostBounds.Y + Top)), width, height);
        Channel.Send(shown.Id, new Configure(shown.QubeBounds.X, shown.QubeBounds.Y, width, height, false));
    }

    /// <summary>Moves or resizes the host window, remembering the request so its echo is not taken for the user's doing.</summary>
    private void RequestHostBounds(HostWindow shown, XRect bounds)
    {
        if (shown.PendingConfigures.Count >= MaxPendingConfigures)
        {
            shown.PendingConfigures.Clear(); // the server answers every request; a long queue means we lost track
        }

        shown.PendingConfigures.Enqueue(bounds);
        shown.HostBounds = bounds;
        _host.MoveResize(shown.Host, bounds);
    }

    /// <summary>
    /// WM_NORMAL_HINTS of the host window: the qube's size hints with the frame added, its
    /// position hints as the app gave them (without one the host window manager places the
    /// window, a dialog over its owner), and always StaticGravity.
    /// </summary>
    private void SetHostHints(HostWindow shown, WindowHints? hints)
    {
        const uint Passed = (uint)(SizeHintFlags.UserPosition | SizeHintFlags.ProgramPosition
            | SizeHintFlags.MinSize | SizeHintFlags.MaxSize | SizeHintFlags.ResizeIncrement | SizeHintFlags.BaseSize);
        int extra = 2 * Frame, extraHeight = Frame + Top; // the frame (and the title strip) are part of the host window
        int s = Scale; // upscale: every qube size is s times as large on the host
        XSizeHintsData data = hints is { } h
            ? new XSizeHintsData(
                ((uint)h.Flags & Passed) | (uint)SizeHintFlags.WindowGravity,
                (s * h.MinWidth) + extra, (s * h.MinHeight) + extraHeight, (s * h.MaxWidth) + extra, (s * h.MaxHeight) + extraHeight,
                s * h.WidthIncrement, s * h.HeightIncrement, (s * h.BaseWidth) + extra, (s * h.BaseHeight) + extraHeight, StaticGravity)
            : new XSizeHintsData((uint)SizeHintFlags.WindowGravity, 0, 0, 0, 0, 0, 0, 0, 0, StaticGravity);
        _host.SetSizeHints(shown.Host, data);
    }

    /// <summary>
    /// The host window around a qube window: with upscale its place and size times the scale, the
    /// frame added, then kept on the monitor it is mostly on (the whole screen on a one-monitor
    /// host), so a qube cannot leave a window in the dead area between monitors of different sizes
    /// or straddling two. Security: computed in long and clamped, so a qube window of the largest
    /// size at upscale 2 is bounded like any other (KeepOn shrinks it to the monitor).
    /// </summary>
    private XRect HostBoundsFor(XRect qube)
    {
        long s = Scale;
        var framed = new XRect(
            (int)Math.Clamp((s * qube.X) - Frame, int.MinValue / 2, int.MaxValue / 2),
            (int)Math.Clamp((s * qube.Y) - Top, int.MinValue / 2, int.MaxValue / 2),
            (int)Math.Min((s * qube.Width) + (2 * Frame), int.MaxValue / 2),
            (int)Math.Min((s * qube.Height) + Frame + Top, int.MaxValue / 2));
        XRect root = new(0, 0, _host.Width, _host.Height);
        return MonitorPlacement.KeepOn(framed, MonitorPlacement.MonitorOf(framed, _host.Monitors(), root));
    }

    /// <summary>
    /// The host screen may have changed size or monitors (the root's ConfigureNotify or a RandR
    /// screen-change event): each window is kept on a monitor there is now, and the qube is sent
    /// the new SCREEN_CONFIG if it differs from the last one.
    /// </summary>
    public void OnScreenChanged()
    {
        _host.MonitorsChanged();
        foreach (HostWindow shown in _windows.Values)
        {
            XRect kept = HostBoundsFor(shown.QubeBounds);
            if (kept != shown.HostBounds)
            {
                MoveHostWindow(shown, kept);
            }
        }

        SendScreen();
    }

    /// <summary>
    /// SCREEN_CONFIG with the host's size and monitors (RandR 1.5, or Xinerama's heads when those
    /// are more; divided by an upscaled qube's factor), when it differs from what the qube was last sent: at connect and on every change.
    /// Security: <see cref="ScreenLayout.FromHost"/> bounds what goes out (at most
    /// <see cref="Limits.MaxMonitors"/> monitors, each clipped to the screen); the agent checks it again.
    /// </summary>
    public void SendScreen()
    {
        if (!Connected)
        {
            return; // the handshake sends it once it is done
        }

        // An upscaled qube's screen is the host's divided by its factor (rounded down), as at its start.
        ScreenLayout layout = ScreenLayout.FromHost(
            _host.Width / Scale,
            _host.Height / Scale,
            _host.DesktopMonitors().Select(m => (m.X / Scale, m.Y / Scale, m.Width / Scale, m.Height / Scale)));
        if (layout != _screenSent)
        {
            Channel.Send(WindowId.None, layout);
            _screenSent = layout;
            Log.Info($"qube {Qube.Name}: host screen {layout}");
        }
    }

    /// <summary>The monitor <paramref name="shown"/> is mostly on: what fullscreen fills without a window manager.</summary>
    private XRect MonitorOf(HostWindow shown) => MonitorPlacement.MonitorOf(shown.HostBounds, _host.Monitors(), new XRect(0, 0, _host.Width, _host.Height));
}
