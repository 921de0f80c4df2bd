using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>MOTION (daemon to agent): pointer position relative to the window, state, is_hint 0 or 1.</summary>
public readonly record struct MotionEvent : IMessageBody
{
    /// <summary>Creates a MOTION body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public MotionEvent(int x, int y, uint state, bool isHint)
    {
        Checks.ThrowIfInvalid(Check(x, y, state), nameof(MotionEvent));
        (X, Y, State, IsHint) = (x, y, state, isHint);
    }

    /// <summary>Pointer x relative to the window.</summary>
    public int X { get; }
    /// <summary>Pointer y relative to the window.</summary>
    public int Y { get; }
    /// <summary>X11 modifier and button state.</summary>
    public uint State { get; }
    /// <summary>X11 MotionNotify is_hint.</summary>
    public bool IsHint { get; }

    static MessageType IMessageBody.Type => MessageType.Motion;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.I32(X);
        writer.I32(Y);
        writer.U32(State);
        writer.U32(IsHint ? 1u : 0u);
    }

    internal static ProtocolViolation Check(int x, int y, uint state) => Checks.First(Checks.Position(x, y), Checks.InputState(state));
}
