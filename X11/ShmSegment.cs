namespace GuiVirt.X11;

/// <summary>An MIT-SHM segment id: a shared buffer the X server has attached.</summary>
/// <param name="Id">The segment's XID.</param>
public readonly record struct ShmSegment(uint Id);
