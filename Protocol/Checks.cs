namespace GuiVirt.Protocol;

/// <summary>
/// The stateless checks shared by several messages. Each returns <see cref="ProtocolViolation.None"/>
/// or the reason; the untrusted structs turn a reason into a refusal, the validated types'
/// constructors (used by the sending side) into an <see cref="ArgumentException"/>.
/// </summary>
internal static class Checks
{
    /// <summary>A coordinate as the signed 32-bit value the wire carries, within ±<see cref="Limits.MaxCoordinate"/>.</summary>
    public static ProtocolViolation Position(int x, int y) =>
        Math.Abs((long)x) <= Limits.MaxCoordinate && Math.Abs((long)y) <= Limits.MaxCoordinate
            ? ProtocolViolation.None
            : ProtocolViolation.PositionOutOfRange;

    /// <summary>A window size: at least 1x1, at most the window limits.</summary>
    public static ProtocolViolation Size(long width, long height) =>
        width is >= 1 and <= Limits.MaxWindowWidth && height is >= 1 and <= Limits.MaxWindowHeight
            ? ProtocolViolation.None
            : ProtocolViolation.SizeOutOfRange;

    /// <summary>A wire boolean: exactly 0 or 1, so that no other value can mean something to one side only.</summary>
    public static ProtocolViolation Boolean(uint value) =>
        value <= 1 ? ProtocolViolation.None : ProtocolViolation.BooleanOutOfRange;

    /// <summary>X11 key and button state bits.</summary>
    public static ProtocolViolation InputState(uint state) =>
        (state & ~Limits.InputStateMask) == 0 ? ProtocolViolation.None : ProtocolViolation.InputStateInvalid;

    /// <summary>The first violation of several, or None.</summary>
    public static ProtocolViolation First(params ReadOnlySpan<ProtocolViolation> violations)
    {
        foreach (ProtocolViolation violation in violations)
        {
            if (violation != ProtocolViolation.None)
            {
                return violation;
            }
        }

        return ProtocolViolation.None;
    }

    /// <summary>For the sending side's constructors: a bad value there is a local bug.</summary>
    public static void ThrowIfInvalid(ProtocolViolation violation, string what)
    {
        if (violation != ProtocolViolation.None)
        {
            throw new ArgumentException($"{what} is not valid on the wire: {violation}");
        }
    }
}
