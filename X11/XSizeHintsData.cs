namespace GuiVirt.X11;

/// <summary>WM_NORMAL_HINTS as the app set it (unchecked: the agent bounds it before sending). <see cref="WinGravity"/> counts with PWinGravity (0x200) only.</summary>
public readonly record struct XSizeHintsData(uint Flags, int MinWidth, int MinHeight, int MaxWidth, int MaxHeight, int WidthIncrement, int HeightIncrement, int BaseWidth, int BaseHeight, int WinGravity = 0);
