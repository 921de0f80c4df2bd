using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// BUTTON (daemon to agent): X event type ButtonPress (4) or ButtonRelease (5), position relative
/// to the window, state within <see cref="Limits.InputStateMask"/>, button 1..<see cref="Limits.MaxButton"/>.
/// </summary>
public readonly record struct ButtonEvent : IMessageBody
{
    /// <summary>X11 ButtonPress.</summary>
    public const uint XButtonPress = 4;
    /// <summary>X11 ButtonRelease.</summary>
    public const uint XButtonRelease = 5;

    /// <summary>Creates a BUTTON body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public ButtonEvent(bool pressed, int x, int y, uint state, uint button)
    {
        Checks.ThrowIfInvalid(Check(pressed ? XButtonPress : XButtonRelease, x, y, state, button), nameof(ButtonEvent));
        (Pressed, X, Y, State, Button) = (pressed, x, y, state, button);
    }

    /// <summary>True for a press, false for a release.</summary>
    public bool Pressed { get; }
    /// <summary>Pointer x relative to the window.</summary>
    public int X { get; }
    /// <summary>Pointer y relative to the window.</summary>
    public int Y { get; }
    /// <summary>X11 modifier and button state.</summary>
    public uint State { get; }
    /// <summary>Button number (1 left, 2 middle, 3 right, 4/5 wheel, ...).</summary>
    public uint Button { get; }

    static MessageType IMessageBody.Type => MessageType.Button;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(Pressed ? XButtonPress : XButtonRelease);
        writer.I32(X);
        writer.I32(Y);
        writer.U32(State);
        writer.U32(Button);
    }

    internal static ProtocolViolation Check(uint type, int x, int y, uint state, uint button) => Checks.First(
        type is XButtonPress or XButtonRelease ? ProtocolViolation.None : ProtocolViolation.EventTypeInvalid,
        Checks.Position(x, y),
        Checks.InputState(state),
        button is >= 1 and <= Limits.MaxButton ? ProtocolViolation.None : ProtocolViolation.ButtonOutOfRange);
}
