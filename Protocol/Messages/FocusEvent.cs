using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// FOCUS (daemon to agent): X event type FocusIn (9) or FocusOut (10), mode 0..3 (Normal, Grab,
/// Ungrab, WhileGrabbed), detail 0..7 (Ancestor .. DetailNone).
/// </summary>
public readonly record struct FocusEvent : IMessageBody
{
    /// <summary>X11 FocusIn.</summary>
    public const uint XFocusIn = 9;
    /// <summary>X11 FocusOut.</summary>
    public const uint XFocusOut = 10;

    /// <summary>Creates a FOCUS body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public FocusEvent(bool focusIn, uint mode, uint detail)
    {
        Checks.ThrowIfInvalid(Check(focusIn ? XFocusIn : XFocusOut, mode, detail), nameof(FocusEvent));
        (In, Mode, Detail) = (focusIn, mode, detail);
    }

    /// <summary>True when the window gained the focus.</summary>
    public bool In { get; }
    /// <summary>X11 focus mode.</summary>
    public uint Mode { get; }
    /// <summary>X11 focus detail.</summary>
    public uint Detail { get; }

    static MessageType IMessageBody.Type => MessageType.Focus;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(In ? XFocusIn : XFocusOut);
        writer.U32(Mode);
        writer.U32(Detail);
    }

    internal static ProtocolViolation Check(uint type, uint mode, uint detail) => Checks.First(
        type is XFocusIn or XFocusOut ? ProtocolViolation.None : ProtocolViolation.EventTypeInvalid,
        mode <= 3 && detail <= 7 ? ProtocolViolation.None : ProtocolViolation.CrossingModeInvalid);
}
