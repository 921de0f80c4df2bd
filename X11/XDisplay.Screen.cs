using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Monitors, key grabs on the root and the stack of windows under the pointer: what the host's trusted controls need.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>Lock (Caps Lock) and Mod2 (NumLock on every common keymap): held or not, a hotkey is the same key.</summary>
    private static readonly uint[] IgnoredModifiers = [0, 2, 0x10, 2 | 0x10];

    /// <summary>
    /// The monitors in root coordinates: RandR 1.5's and Xinerama's together (each listed once),
    /// or the whole root when the server lists none. A server may know its heads through one of
    /// them only (Xephyr with +xinerama lists one RandR monitor and two Xinerama heads); the
    /// screen-cover rule judges every rectangle alone, so one more can only make it stricter.
    /// Two round trips.
    /// </summary>
    public IReadOnlyList<XRect> Monitors()
    {
        var list = new List<XRect>();
        AddRandrMonitors(list);
        AddXineramaHeads(list);
        return list.Count > 0 ? list : [new XRect(0, 0, Width, Height)];
    }

    private void AddRandrMonitors(List<XRect> list)
    {
        try
        {
            if (Randr.XRRQueryExtension(Raw, out _, out _) == 0)
            {
                return;
            }

            int count;
            XRRMonitorInfo* monitors = Randr.XRRGetMonitors(Raw, Root.Id, 1, &count);
            if (monitors == null)
            {
                return;
            }

            for (int i = 0; i < count; i++)
            {
                AddOnce(list, new XRect(monitors[i].X, monitors[i].Y, monitors[i].Width, monitors[i].Height));
            }

            Randr.XRRFreeMonitors(monitors);
        }
        catch (DllNotFoundException)
        {
            // no libXrandr on this host: Xinerama or the root
        }
    }

    private void AddXineramaHeads(List<XRect> list)
    {
        try
        {
            if (Xinerama.XineramaQueryExtension(Raw, out _, out _) == 0 || Xinerama.XineramaIsActive(Raw) == 0)
            {
                return;
            }

            XineramaScreenInfo* heads = Xinerama.XineramaQueryScreens(Raw, out int count);
            if (heads == null)
            {
                return;
            }

            for (int i = 0; i < count; i++)
            {
                AddOnce(list, new XRect(heads[i].X, heads[i].Y, heads[i].Width, heads[i].Height));
            }

            _ = Xlib.XFree(heads);
        }
        catch (DllNotFoundException)
        {
            // no libXinerama on this host (package libxinerama1): RandR or the root
        }
    }

    private static void AddOnce(List<XRect> list, XRect monitor)
    {
        if (monitor.Width > 0 && monitor.Height > 0 && !list.Contains(monitor))
        {
            list.Add(monitor);
        }
    }

    /// <summary>
    /// Grabs a key with exactly <paramref name="modifiers"/> on the root (with Lock and NumLock in
    /// any state), so its presses reach this client whichever window has the focus. False if
    /// another client holds the combination already (BadAccess).
    /// </summary>
    public bool GrabKey(uint keycode, uint modifiers)
    {
        using ErrorTrap trap = TrapErrors();
        foreach (uint extra in IgnoredModifiers)
        {
            _ = Xlib.XGrabKey(Raw, (int)keycode, modifiers | extra, Root.Id, 0, 1 /* GrabModeAsync */, 1);
        }

        if (trap.Failed())
        {
            foreach (uint extra in IgnoredModifiers)
            {
                _ = Xlib.XUngrabKey(Raw, (int)keycode, modifiers | extra, Root.Id);
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// Held keys send one press and one release (XKB detectable auto-repeat), not a release and a
    /// press per repeat: a hotkey held down stays down. False if the server cannot.
    /// </summary>
    public bool SetDetectableAutoRepeat()
    {
        int supported;
        return Xlib.XkbSetDetectableAutoRepeat(Raw, 1, &supported) != 0 && supported != 0;
    }

    /// <summary>
    /// The windows under the pointer from a child of the root down to the deepest (a window
    /// manager's frame first, then the client window inside it); empty when the pointer is on no
    /// window. One round trip per level, at most <paramref name="maxDepth"/> levels.
    /// </summary>
    public IReadOnlyList<XWindow> WindowsUnderPointer(int maxDepth = 8)
    {
        var path = new List<XWindow>();
        nuint window = Root.Id;
        using ErrorTrap trap = TrapErrors();
        for (int depth = 0; depth < maxDepth; depth++)
        {
            nuint root, child;
            int rootX, rootY, x, y;
            uint mask;
            if (Xlib.XQueryPointer(Raw, window, &root, &child, &rootX, &rootY, &x, &y, &mask) == 0 || child == 0)
            {
                break;
            }

            path.Add(new XWindow(child));
            window = child;
        }

        return path;
    }
}
