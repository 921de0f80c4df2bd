namespace GuiVirt.Protocol;

/// <summary>
/// A window id as the agent chose it (the qube's X window id). 0 means "no window". On the daemon
/// side it identifies nothing until looked up in that qube's window table.
/// </summary>
/// <param name="Value">The raw 32-bit id.</param>
public readonly record struct WindowId(uint Value)
{
    /// <summary>The "no window" id.</summary>
    public static WindowId None => default;

    /// <summary>True for the "no window" id.</summary>
    public bool IsNone => Value == 0;

    /// <inheritdoc/>
    public override string ToString() => $"0x{Value:x}";
}
