using System.Text;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Window properties: titles, classes, hints, atoms.</summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>The most of a property we read: a qube's app cannot make the agent buffer without bound.</summary>
    public const int MaxPropertyBytes = 1 << 20;

    /// <summary>
    /// A property's raw bytes, with its type and format; null when it is not set. At most
    /// <paramref name="maxBytes"/> are read (<see cref="MaxPropertyBytes"/> unless the caller
    /// needs more, as a clipboard image does); the rest is cut off.
    /// </summary>
    public (byte[] Bytes, XAtom Type, int Format)? TryGetProperty(XWindow window, XAtom property, XAtom type = default, bool delete = false, int maxBytes = MaxPropertyBytes)
    {
        nuint actualType, items, bytesAfter;
        int format;
        byte* data;
        using ErrorTrap trap = TrapErrors();
        int status = Xlib.XGetWindowProperty(Raw, window.Id, property.Id, 0, (nint)(maxBytes / 4), delete ? 1 : 0, type.Id, &actualType, &format, &items, &bytesAfter, &data);
        if (status != 0 || trap.ErrorCode != 0 || actualType == 0)
        {
            if (data != null)
            {
                _ = Xlib.XFree(data);
            }

            return null;
        }

        // Xlib hands format-32 items as C longs (8 bytes here), format 16 as shorts, 8 as bytes.
        int itemSize = format switch { 32 => sizeof(nint), 16 => 2, _ => 1 };
        var bytes = new ReadOnlySpan<byte>(data, checked((int)items * itemSize)).ToArray();
        _ = Xlib.XFree(data);
        return (bytes, new XAtom(actualType), format);
    }

    /// <summary>A text property (UTF8_STRING or Latin-1 STRING) as a string; null when not set.</summary>
    public string? TryGetText(XWindow window, XAtom property)
    {
        if (TryGetProperty(window, property) is not { Format: 8 } value)
        {
            return null;
        }

        return value.Type == Atom("UTF8_STRING") ? Encoding.UTF8.GetString(value.Bytes) : Encoding.Latin1.GetString(value.Bytes);
    }

    /// <summary>A list of atoms (format 32) such as WM_PROTOCOLS or _NET_WM_STATE.</summary>
    public IReadOnlyList<XAtom> GetAtoms(XWindow window, XAtom property) => GetLongs(window, property).Select(id => new XAtom((nuint)id)).ToList();

    /// <summary>The format-32 items of a property, as the C longs Xlib returns.</summary>
    public IReadOnlyList<long> GetLongs(XWindow window, XAtom property)
    {
        if (TryGetProperty(window, property) is not { Format: 32 } value)
        {
            return [];
        }

        var items = new long[value.Bytes.Length / sizeof(nint)];
        Buffer.BlockCopy(value.Bytes, 0, items, 0, items.Length * sizeof(long));
        return items;
    }

    /// <summary>Sets a format-8 property.</summary>
    public void SetBytes(XWindow window, XAtom property, XAtom type, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            _ = Xlib.XChangeProperty(Raw, window.Id, property.Id, type.Id, 8, 0 /* PropModeReplace */, p, bytes.Length);
        }
    }

    /// <summary>Sets a format-32 property (atoms, windows, cardinals).</summary>
    public void SetLongs(XWindow window, XAtom property, XAtom type, ReadOnlySpan<nint> values)
    {
        fixed (nint* p = values)
        {
            _ = Xlib.XChangeProperty(Raw, window.Id, property.Id, type.Id, 32, 0, (byte*)p, values.Length);
        }
    }

    /// <summary>Deletes a property.</summary>
    public void DeleteProperty(XWindow window, XAtom property) => Xlib.XDeleteProperty(Raw, window.Id, property.Id);

    /// <summary>WM_TRANSIENT_FOR, or None.</summary>
    public XWindow TransientFor(XWindow window)
    {
        nuint owner = 0;
        return Xlib.XGetTransientForHint(Raw, window.Id, &owner) != 0 ? new XWindow(owner) : XWindow.None;
    }

    /// <summary>WM_CLASS as (class, instance); empty strings when not set.</summary>
    public (string ClassName, string InstanceName) GetClass(XWindow window)
    {
        if (TryGetProperty(window, XAtom.WmClass) is not { Format: 8 } value)
        {
            return ("", "");
        }

        // "instance\0class\0"
        string[] parts = Encoding.Latin1.GetString(value.Bytes).Split('\0');
        return (parts.Length > 1 ? parts[1] : "", parts[0]);
    }

    /// <summary>WM_NORMAL_HINTS; null when not set.</summary>
    public XSizeHintsData? TryGetSizeHints(XWindow window)
    {
        XSizeHints hints = default;
        nint supplied;
        using ErrorTrap trap = TrapErrors();
        if (Xlib.XGetWMNormalHints(Raw, window.Id, &hints, &supplied) == 0 || trap.ErrorCode != 0)
        {
            return null;
        }

        return new XSizeHintsData(
            (uint)hints.Flags, hints.MinWidth, hints.MinHeight, hints.MaxWidth, hints.MaxHeight,
            hints.WidthIncrement, hints.HeightIncrement, hints.BaseWidth, hints.BaseHeight, hints.WinGravity);
    }
}
