namespace GuiVirt.X11;

/// <summary>A rectangle in X coordinates.</summary>
public readonly record struct XRect(int X, int Y, int Width, int Height)
{
    /// <summary>The part of this rectangle inside 0,0-width,height (may be empty).</summary>
    public XRect ClipTo(int width, int height)
    {
        int left = Math.Max(X, 0), top = Math.Max(Y, 0);
        int right = Math.Min(X + Width, width), bottom = Math.Min(Y + Height, height);
        return right > left && bottom > top ? new XRect(left, top, right - left, bottom - top) : default;
    }

    /// <summary>True when the rectangle has no area.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;
}
