using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_TYPE (agent to daemon, a GuiVirt extension): the window's EWMH type and its modal,
/// skip-taskbar and skip-pager states, sent before MAP and whenever they change. The type is at
/// most <see cref="Limits.MaxWindowKind"/>; the states only bits in <see cref="Limits.WindowTypeStatesMask"/>.
/// </summary>
public readonly record struct WindowType : IMessageBody
{
    /// <summary>Creates a WINDOW_TYPE body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public WindowType(WindowKind kind, WindowTypeStates states)
    {
        Checks.ThrowIfInvalid(Check((uint)kind, (uint)states), nameof(WindowType));
        (Kind, States) = (kind, states);
    }

    /// <summary>What the window is.</summary>
    public WindowKind Kind { get; }
    /// <summary>Modal, skip-taskbar, skip-pager.</summary>
    public WindowTypeStates States { get; }

    static MessageType IMessageBody.Type => MessageType.WindowType;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32((uint)Kind);
        writer.U32((uint)States);
    }

    internal static ProtocolViolation Check(uint kind, uint states) =>
        kind > Limits.MaxWindowKind ? ProtocolViolation.WindowTypeUnknown
        : (states & ~Limits.WindowTypeStatesMask) != 0 ? ProtocolViolation.WindowTypeStatesUnknown
        : ProtocolViolation.None;
}
