using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Monitors, key grabs on the root and the stack of windows under the pointer: what the host's trusted controls need.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>Lock (Caps Lock) and Mod2 (NumLock on every common keymap): held or not, a hotkey is the same key.</summary>
    private static readonly uint[] IgnoredModifiers = [0, 2, 0x10, 2 | 0x10];

    /// <summary>
    /// The monitors (RandR 1.5) in root coordinates; the whole root when the server has no RandR
    /// or lists none. One round trip.
    /// </summary>
    public IReadOnlyList<XRect> Monitors()
    {
        var whole = new XRect[] { new(0, 0, Width, Height) };
        try
        {
            if (Randr.XRRQueryExtension(Raw, out _, out _) == 0)
            {
                return whole;
            }

            int count;
            XRRMonitorInfo* monitors = Randr.XRRGetMonitors(Raw, Root.Id, 1, &count);
            if (monitors == null)
            {
                return whole;
            }

            var list = new List<XRect>(count);
            for (int i = 0; i < count; i++)
            {
                if (monitors[i].Width > 0 && monitors[i].Height > 0)
                {
                    list.Add(new XRect(monitors[i].X, monitors[i].Y, monitors[i].Width, monitors[i].Height));
                }
            }

            Randr.XRRFreeMonitors(monitors);
            return list.Count > 0 ? list : whole;
        }
        catch (DllNotFoundException)
        {
            return whole; // no libXrandr on this host: one monitor, the root
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
