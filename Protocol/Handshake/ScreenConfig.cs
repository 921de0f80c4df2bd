namespace GuiVirt.Protocol.Handshake;

/// <summary>
/// The host screen, sent by the daemon right after its version (Qubes msg_xconf): the agent
/// sizes the qube's X screen to match. Width and height within the window limits, depth 24 or 32.
/// </summary>
public readonly record struct ScreenConfig
{
    /// <summary>Creates a screen configuration; throws <see cref="ArgumentException"/> for values the agent would refuse.</summary>
    public ScreenConfig(int width, int height, int depth)
    {
        Checks.ThrowIfInvalid(Check(Wire.Bits.Unsigned(width), Wire.Bits.Unsigned(height), Wire.Bits.Unsigned(depth)), nameof(ScreenConfig));
        (Width, Height, Depth) = (width, height, depth);
    }

    /// <summary>Screen width in pixels.</summary>
    public int Width { get; }
    /// <summary>Screen height in pixels.</summary>
    public int Height { get; }
    /// <summary>Screen depth in bits.</summary>
    public int Depth { get; }

    /// <summary>Qubes' mem field: KiB needed for one screenful of pixels, rounded up.</summary>
    public uint MemoryKiB => (uint)(((long)Width * Height * Limits.BytesPerPixel + 1023) / 1024);

    internal static ProtocolViolation Check(uint width, uint height, uint depth) =>
        Checks.Size(width, height) == ProtocolViolation.None && depth is 24 or 32
            ? ProtocolViolation.None
            : ProtocolViolation.ScreenConfigInvalid;
}
