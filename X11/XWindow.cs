namespace GuiVirt.X11;

/// <summary>An X window id on one display. 0 is None.</summary>
/// <param name="Id">The XID.</param>
public readonly record struct XWindow(nuint Id)
{
    /// <summary>None.</summary>
    public static XWindow None => default;

    /// <summary>True for None.</summary>
    public bool IsNone => Id == 0;

    /// <inheritdoc/>
    public override string ToString() => $"0x{Id:x}";
}
