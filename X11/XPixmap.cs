namespace GuiVirt.X11;

/// <summary>An X pixmap id.</summary>
/// <param name="Id">The XID.</param>
public readonly record struct XPixmap(nuint Id)
{
    /// <inheritdoc/>
    public override string ToString() => $"0x{Id:x}";
}
