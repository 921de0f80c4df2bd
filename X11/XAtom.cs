namespace GuiVirt.X11;

/// <summary>An interned X atom. 0 is None.</summary>
/// <param name="Id">The atom number.</param>
public readonly record struct XAtom(nuint Id)
{
    /// <summary>None (also AnyPropertyType).</summary>
    public static XAtom None => default;

    /// <summary>True for None.</summary>
    public bool IsNone => Id == 0;

    /// <summary>The predefined STRING atom.</summary>
    public static XAtom String => new(31);

    /// <summary>The predefined WM_NAME atom.</summary>
    public static XAtom WmName => new(39);

    /// <summary>The predefined WM_NORMAL_HINTS atom.</summary>
    public static XAtom WmNormalHints => new(40);

    /// <summary>The predefined WM_CLASS atom.</summary>
    public static XAtom WmClass => new(67);

    /// <summary>The predefined WM_TRANSIENT_FOR atom.</summary>
    public static XAtom WmTransientFor => new(68);

    /// <summary>The predefined ATOM atom.</summary>
    public static XAtom Atom => new(4);

    /// <summary>The predefined WINDOW atom.</summary>
    public static XAtom Window => new(33);

    /// <summary>The predefined CARDINAL atom.</summary>
    public static XAtom Cardinal => new(6);
}
