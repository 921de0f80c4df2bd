using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// SHMIMAGE (agent to daemon): the rectangle of the window's grant that holds new pixels. Not
/// empty, non-negative, and inside the largest possible window; the daemon clips it further to
/// the window's current size.
/// </summary>
public readonly record struct ShmImage : IMessageBody
{
    /// <summary>Creates a SHMIMAGE body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public ShmImage(int x, int y, int width, int height)
    {
        Checks.ThrowIfInvalid(Check(Bits.Unsigned(x), Bits.Unsigned(y), Bits.Unsigned(width), Bits.Unsigned(height)), nameof(ShmImage));
        (X, Y, Width, Height) = (x, y, width, height);
    }

    /// <summary>Left edge, relative to the window.</summary>
    public int X { get; }
    /// <summary>Top edge, relative to the window.</summary>
    public int Y { get; }
    /// <summary>Width, at least 1.</summary>
    public int Width { get; }
    /// <summary>Height, at least 1.</summary>
    public int Height { get; }

    static MessageType IMessageBody.Type => MessageType.ShmImage;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.I32(X);
        writer.I32(Y);
        writer.I32(Width);
        writer.I32(Height);
    }

    /// <summary>Unsigned comparisons: a "negative" x is a huge u32 and fails the bound.</summary>
    internal static ProtocolViolation Check(uint x, uint y, uint width, uint height) =>
        width >= 1 && height >= 1
        && (long)x + width <= Limits.MaxWindowWidth
        && (long)y + height <= Limits.MaxWindowHeight
            ? ProtocolViolation.None
            : ProtocolViolation.RectangleOutOfRange;
}
