using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CROSSING (daemon to agent): X event type EnterNotify (7) or LeaveNotify (8), position, state,
/// mode 0..2 (Normal, Grab, Ungrab), detail 0..4 (Ancestor .. NonlinearVirtual), focus 0 or 1.
/// </summary>
public readonly record struct CrossingEvent : IMessageBody
{
    /// <summary>X11 EnterNotify.</summary>
    public const uint XEnterNotify = 7;
    /// <summary>X11 LeaveNotify.</summary>
    public const uint XLeaveNotify = 8;

    /// <summary>Creates a CROSSING body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public CrossingEvent(bool entered, int x, int y, uint state, uint mode, uint detail, bool focus)
    {
        Checks.ThrowIfInvalid(Check(entered ? XEnterNotify : XLeaveNotify, x, y, state, mode, detail), nameof(CrossingEvent));
        (Entered, X, Y, State, Mode, Detail, Focus) = (entered, x, y, state, mode, detail, focus);
    }

    /// <summary>True for enter, false for leave.</summary>
    public bool Entered { get; }
    /// <summary>Pointer x relative to the window.</summary>
    public int X { get; }
    /// <summary>Pointer y relative to the window.</summary>
    public int Y { get; }
    /// <summary>X11 modifier and button state.</summary>
    public uint State { get; }
    /// <summary>X11 NotifyNormal, NotifyGrab or NotifyUngrab.</summary>
    public uint Mode { get; }
    /// <summary>X11 NotifyAncestor .. NotifyNonlinearVirtual.</summary>
    public uint Detail { get; }
    /// <summary>Whether the window has the focus.</summary>
    public bool Focus { get; }

    static MessageType IMessageBody.Type => MessageType.Crossing;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(Entered ? XEnterNotify : XLeaveNotify);
        writer.I32(X);
        writer.I32(Y);
        writer.U32(State);
        writer.U32(Mode);
        writer.U32(Detail);
        writer.U32(Focus ? 1u : 0u);
    }

    internal static ProtocolViolation Check(uint type, int x, int y, uint state, uint mode, uint detail) => Checks.First(
        type is XEnterNotify or XLeaveNotify ? ProtocolViolation.None : ProtocolViolation.EventTypeInvalid,
        Checks.Position(x, y),
        Checks.InputState(state),
        mode <= 2 && detail <= 4 ? ProtocolViolation.None : ProtocolViolation.CrossingModeInvalid);
}
