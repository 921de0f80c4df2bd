namespace GuiVirt.Protocol;

/// <summary>
/// A header that passed the stateless checks: a known type allowed in this direction, a body
/// length that matches the type, and a window id that is 0 exactly when the type is not about a
/// window. The window id is still the peer's choice: the daemon resolves it against its window
/// table before acting on it.
/// </summary>
/// <param name="Type">The message type.</param>
/// <param name="Window">The peer's window id (never trusted until resolved).</param>
/// <param name="BodyLength">Length of the body that follows, already checked against the type.</param>
public readonly record struct MessageHeader(MessageType Type, WindowId Window, int BodyLength)
{
    /// <summary>Size of every header on the wire: u32 type, u32 window, u32 length.</summary>
    public const int Size = 12;

    /// <inheritdoc/>
    public override string ToString() => $"{Type}({(uint)Type}) window={Window} length={BodyLength}";
}
