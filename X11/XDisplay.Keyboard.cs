using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// The keyboard's layout and mapping: the XKB names and locked group (what the daemon passes to a
/// qube), the core keysyms of each keycode, and the calls that set them on a qube's server.
/// </summary>
public sealed unsafe partial class XDisplay
{
    private int _xkbEventBase = -1;

    /// <summary>
    /// Asks for an event whenever the locked XKB group changes (<see cref="XEventKind.KeyboardGroup"/>)
    /// and whenever keycodes are remapped (<see cref="XEventKind.Mapping"/>: an XKB client such as
    /// this one gets no core MappingNotify unless it asks XKB). False when the server has no XKB.
    /// </summary>
    public bool WatchKeyboard()
    {
        int major = 1, minor = 0;
        if (Xkb.XkbQueryExtension(Raw, out _, out _xkbEventBase, out _, ref major, ref minor) == 0)
        {
            _xkbEventBase = -1;
            return false;
        }

        return Xkb.XkbSelectEventDetails(Raw, Xkb.UseCoreKeyboard, Xkb.StateNotify, Xkb.GroupLockMask, Xkb.GroupLockMask) != 0
            && Xkb.XkbSelectEvents(Raw, Xkb.UseCoreKeyboard, Xkb.MapNotifyMask, Xkb.MapNotifyMask) != 0;
    }

    /// <summary>The core keyboard's locked XKB group (0..3), or 0 without XKB.</summary>
    public uint LockedKeyboardGroup()
    {
        XkbState state;
        return Xkb.XkbGetState(Raw, Xkb.UseCoreKeyboard, &state) == 0 ? (uint)(state.LockedGroup & 3) : 0;
    }

    /// <summary>Locks the core keyboard's XKB group (0..3).</summary>
    public void LockKeyboardGroup(uint group) => Xkb.XkbLockGroup(Raw, Xkb.UseCoreKeyboard, group & 3);

    /// <summary>The server's keycode range.</summary>
    public (int Min, int Max) KeycodeRange()
    {
        _ = Xkb.XDisplayKeycodes(Raw, out int min, out int max);
        return (min, max);
    }

    /// <summary>
    /// The keysyms of keycodes <paramref name="first"/> .. <paramref name="first"/> + count - 1 as the
    /// core protocol lists them (XGetKeyboardMapping): one row of keysyms per keycode.
    /// </summary>
    public uint[][] GetKeysyms(int first, int count)
    {
        nuint* list = Xkb.XGetKeyboardMapping(Raw, checked((byte)first), count, out int perKeycode);
        var rows = new uint[count][];
        for (int k = 0; k < count; k++)
        {
            rows[k] = new uint[list == null ? 0 : perKeycode];
            for (int i = 0; i < rows[k].Length; i++)
            {
                rows[k][i] = (uint)list[(k * perKeycode) + i];
            }
        }

        if (list != null)
        {
            _ = Xlib.XFree(list);
        }

        return rows;
    }

    /// <summary>Sets the keysyms of one keycode (XChangeKeyboardMapping); every client gets MappingNotify.</summary>
    public void SetKeysyms(uint keycode, ReadOnlySpan<uint> keysyms)
    {
        Span<nuint> wide = stackalloc nuint[keysyms.Length];
        for (int i = 0; i < keysyms.Length; i++)
        {
            wide[i] = keysyms[i];
        }

        fixed (nuint* list = wide)
        {
            _ = Xkb.XChangeKeyboardMapping(Raw, (int)keycode, wide.Length, list, 1);
        }
    }

    private bool IsXkbEvent(int type) => _xkbEventBase >= 0 && type == _xkbEventBase;
}
