using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// KEYPRESS (daemon to agent): X event type KeyPress (2) or KeyRelease (3), pointer position
/// relative to the window, modifier state within <see cref="Limits.InputStateMask"/>, keycode 8..255.
/// </summary>
public readonly record struct KeyEvent : IMessageBody
{
    /// <summary>X11 KeyPress.</summary>
    public const uint XKeyPress = 2;
    /// <summary>X11 KeyRelease.</summary>
    public const uint XKeyRelease = 3;

    /// <summary>Creates a KEYPRESS body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public KeyEvent(bool pressed, int x, int y, uint state, uint keycode)
    {
        Checks.ThrowIfInvalid(Check(pressed ? XKeyPress : XKeyRelease, x, y, state, keycode), nameof(KeyEvent));
        (Pressed, X, Y, State, Keycode) = (pressed, x, y, state, keycode);
    }

    /// <summary>True for a press, false for a release.</summary>
    public bool Pressed { get; }
    /// <summary>Pointer x relative to the window.</summary>
    public int X { get; }
    /// <summary>Pointer y relative to the window.</summary>
    public int Y { get; }
    /// <summary>X11 modifier and button state.</summary>
    public uint State { get; }
    /// <summary>X11 keycode (the host's keymap; agent and daemon share the same keyboard layout).</summary>
    public uint Keycode { get; }

    static MessageType IMessageBody.Type => MessageType.KeyPress;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(Pressed ? XKeyPress : XKeyRelease);
        writer.I32(X);
        writer.I32(Y);
        writer.U32(State);
        writer.U32(Keycode);
    }

    internal static ProtocolViolation Check(uint type, int x, int y, uint state, uint keycode) => Checks.First(
        type is XKeyPress or XKeyRelease ? ProtocolViolation.None : ProtocolViolation.EventTypeInvalid,
        Checks.Position(x, y),
        Checks.InputState(state),
        keycode is >= Limits.MinKeycode and <= Limits.MaxKeycode ? ProtocolViolation.None : ProtocolViolation.KeycodeOutOfRange);
}
