using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CREATE (agent to daemon): a new top-level window, not yet mapped. Position within
/// ±<see cref="Limits.MaxCoordinate"/>, size 1x1 to <see cref="Limits.MaxWindowWidth"/> x
/// <see cref="Limits.MaxWindowHeight"/>. The wire's parent field MUST be 0.
/// </summary>
public readonly record struct Create : IMessageBody
{
    /// <summary>Creates a CREATE body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public Create(int x, int y, int width, int height, bool overrideRedirect)
    {
        Checks.ThrowIfInvalid(Check(x, y, Bits.Unsigned(width), Bits.Unsigned(height)), nameof(Create));
        (X, Y, Width, Height, OverrideRedirect) = (x, y, width, height, overrideRedirect);
    }

    private Create(int x, int y, int width, int height, bool overrideRedirect, bool _) =>
        (X, Y, Width, Height, OverrideRedirect) = (x, y, width, height, overrideRedirect);

    /// <summary>Left edge in the qube's screen coordinates.</summary>
    public int X { get; }
    /// <summary>Top edge in the qube's screen coordinates.</summary>
    public int Y { get; }
    /// <summary>Width in pixels, 1 to <see cref="Limits.MaxWindowWidth"/>.</summary>
    public int Width { get; }
    /// <summary>Height in pixels, 1 to <see cref="Limits.MaxWindowHeight"/>.</summary>
    public int Height { get; }
    /// <summary>A menu or tooltip that asks not to be managed (the daemon still frames large ones).</summary>
    public bool OverrideRedirect { get; }

    static MessageType IMessageBody.Type => MessageType.Create;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.I32(X);
        writer.I32(Y);
        writer.I32(Width);
        writer.I32(Height);
        writer.U32(0); // parent: always the root
        writer.U32(OverrideRedirect ? 1u : 0u);
    }

    internal static ProtocolViolation Check(int x, int y, uint width, uint height) =>
        Checks.First(Checks.Position(x, y), Checks.Size(width, height));

    internal static Create Trusted(int x, int y, int width, int height, bool overrideRedirect) =>
        new(x, y, width, height, overrideRedirect, false);
}
