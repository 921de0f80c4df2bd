using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_FLAGS (both ways): flags to set and flags to clear. Only bits in
/// <see cref="Limits.WindowFlagsMask"/>; a bit MUST NOT be in both.
/// </summary>
public readonly record struct WindowFlags : IMessageBody
{
    /// <summary>Creates a WINDOW_FLAGS body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public WindowFlags(WindowStateFlags set, WindowStateFlags unset)
    {
        Checks.ThrowIfInvalid(Check((uint)set, (uint)unset), nameof(WindowFlags));
        (Set, Unset) = (set, unset);
    }

    /// <summary>Flags to turn on.</summary>
    public WindowStateFlags Set { get; }
    /// <summary>Flags to turn off.</summary>
    public WindowStateFlags Unset { get; }

    static MessageType IMessageBody.Type => MessageType.WindowFlags;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32((uint)Set);
        writer.U32((uint)Unset);
    }

    internal static ProtocolViolation Check(uint set, uint unset) =>
        ((set | unset) & ~Limits.WindowFlagsMask) != 0 ? ProtocolViolation.FlagsUnknownBits
        : (set & unset) != 0 ? ProtocolViolation.FlagsSetAndUnset
        : ProtocolViolation.None;
}
