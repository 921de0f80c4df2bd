namespace GuiVirt.X11;

/// <summary>What XGetWindowAttributes says about a window (the part we use).</summary>
public readonly record struct XWindowGeometry(XRect Bounds, int BorderWidth, int Depth, bool OverrideRedirect, bool Viewable, bool InputOnly);
