using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CONFIGURE (both ways): the window's position and size. Same bounds as <see cref="Create"/>.
/// </summary>
public readonly record struct Configure : IMessageBody
{
    /// <summary>Creates a CONFIGURE body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public Configure(int x, int y, int width, int height, bool overrideRedirect)
    {
        Checks.ThrowIfInvalid(Create.Check(x, y, Bits.Unsigned(width), Bits.Unsigned(height)), nameof(Configure));
        (X, Y, Width, Height, OverrideRedirect) = (x, y, width, height, overrideRedirect);
    }

    /// <summary>Left edge.</summary>
    public int X { get; }
    /// <summary>Top edge.</summary>
    public int Y { get; }
    /// <summary>Width in pixels, 1 to <see cref="Limits.MaxWindowWidth"/>.</summary>
    public int Width { get; }
    /// <summary>Height in pixels, 1 to <see cref="Limits.MaxWindowHeight"/>.</summary>
    public int Height { get; }
    /// <summary>Whether the window is override-redirect.</summary>
    public bool OverrideRedirect { get; }

    static MessageType IMessageBody.Type => MessageType.Configure;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.I32(X);
        writer.I32(Y);
        writer.I32(Width);
        writer.I32(Height);
        writer.U32(OverrideRedirect ? 1u : 0u);
    }
}
