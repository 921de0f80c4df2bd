using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// Pixels: each mapped window has a grant; damage of one event batch is copied by the X server
/// into the grants (one XCopyArea per rectangle), one round trip makes sure the copies are done,
/// then SHMIMAGE tells the daemon which rectangles to show. No pixel passes through managed code.
/// </summary>
internal sealed partial class Agent
{
    private readonly List<TrackedWindow> _dirtyWindows = [];
    private readonly List<(TrackedWindow Window, XRect Area)> _copied = [];

    /// <summary>A new grant at the window's current size, announced with WINDOW_DUMP, filled whole.</summary>
    private void ReplaceGrant(TrackedWindow window)
    {
        if (_channel is null)
        {
            return; // grants belong to a connection; the next one announces everything again
        }

        if (window.Depth is not (24 or 32))
        {
            Log.Warning($"window {window.Window} has depth {window.Depth}; only 24 and 32 are captured");
            return;
        }

        WindowGrant grant;
        try
        {
            grant = WindowGrant.Allocate(_display, _allocator, window.Bounds.Width, window.Bounds.Height, window.Depth);
        }
        catch (XException e)
        {
            Log.Warning($"no buffer for window {window.Window}: {e.Message}");
            return;
        }

        if (window.Grant is { } old)
        {
            // The daemon may still show the old buffer until it has switched: freed on WINDOW_DUMP_ACK.
            window.Retired.Enqueue(old);
        }

        window.Grant = grant;
        _channel.Send(window.Id, new WindowDump(grant.Width, grant.Height, grant.Stride), grant.Grant.ShareHandle);
        window.Dirty.Clear();
        MarkDirty(window, new XRect(0, 0, grant.Width, grant.Height));
    }

    private void MarkDirty(TrackedWindow window, XRect area)
    {
        if (window.Dirty.Count == 0)
        {
            _dirtyWindows.Add(window);
        }

        window.AddDirty(area);
    }

    /// <summary>Copies the batch's damage into the grants and tells the daemon.</summary>
    private void FlushDamage()
    {
        if (_dirtyWindows.Count == 0)
        {
            return;
        }

        using (ErrorTrap trap = _display.TrapErrors())
        {
            foreach (TrackedWindow window in _dirtyWindows)
            {
                if (_channel is not null && window.Mapped && window.Grant is { } grant && _windows.ContainsKey(window.Window))
                {
                    foreach (XRect dirty in window.Dirty)
                    {
                        XRect area = dirty.ClipTo(grant.Width, grant.Height);
                        if (!area.IsEmpty)
                        {
                            _display.CopyArea(window.Window, grant.Pixmap, grant.Depth, area);
                            _copied.Add((window, area));
                        }
                    }
                }

                window.Dirty.Clear();
            }

            // One round trip for the whole batch: after it, every copy above is in its grant.
            // Errors here are races with windows that just went away: trapped, not logged.
            _display.Sync();
        }

        _dirtyWindows.Clear();
        foreach ((TrackedWindow window, XRect area) in _copied)
        {
            Send(window, new ShmImage(area.X, area.Y, area.Width, area.Height));
        }

        _copied.Clear();
    }

    /// <summary>WINDOW_DUMP_ACK: the oldest replaced grant of the window is no longer shown.</summary>
    public void OnWindowDumpAck(WindowId window)
    {
        if (_windows.TryGetValue(new XWindow(window.Value), out TrackedWindow? tracked) && tracked.Retired.TryDequeue(out WindowGrant? retired))
        {
            retired.Release(_display);
        }
    }

    private void ReleaseGrants(TrackedWindow window)
    {
        window.Grant?.Release(_display);
        window.Grant = null;
        while (window.Retired.TryDequeue(out WindowGrant? retired))
        {
            retired.Release(_display);
        }
    }

    /// <summary>The daemon went away: its mappings are gone, so are ours; the next connection gets new ones.</summary>
    private void DropGrants()
    {
        foreach (TrackedWindow window in _windows.Values)
        {
            ReleaseGrants(window);
            window.Dirty.Clear();
        }

        _dirtyWindows.Clear();
    }
}
