namespace GuiVirt.X11;

/// <summary>
/// What the host X server scales a grant through (<see cref="XDisplay.CreateScaledSurface"/>): a
/// pixmap the size of the grant, a picture over it that reads it through a 1/<see cref="Factor"/>
/// transform with the nearest filter, and a picture over the window it is shown in.
/// Freed by <see cref="XDisplay.FreeScaledSurface"/>.
/// </summary>
/// <param name="Pixmap">The grant's pixels, put here as they would be put into the window.</param>
/// <param name="Source">The picture over <paramref name="Pixmap"/>, transformed.</param>
/// <param name="Destination">The picture over the window.</param>
/// <param name="Factor">How many host pixels wide and high one grant pixel is.</param>
public sealed record XScaledSurface(XPixmap Pixmap, nuint Source, nuint Destination, int Factor);
