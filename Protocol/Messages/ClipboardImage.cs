using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CLIPBOARD_IMAGE (both ways, window 0): a clipboard image as raw pixels in a sealed memfd that
/// travels with this message (SCM_RIGHTS). Body: u32 width, u32 height, each 1 to
/// <see cref="Limits.MaxClipboardImageSide"/>. The memfd MUST be sealed SHRINK and GROW and hold
/// exactly <see cref="ByteCount"/> = width x height x 4 bytes: rows of R, G, B, A (unpremultiplied),
/// top to bottom, no padding. Nothing else about the pixels is checked: the daemon never reads them.
/// </summary>
public readonly record struct ClipboardImage : IMessageBody
{
    /// <summary>Creates a CLIPBOARD_IMAGE body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public ClipboardImage(int width, int height)
    {
        Checks.ThrowIfInvalid(Check(Bits.Unsigned(width), Bits.Unsigned(height)), nameof(ClipboardImage));
        (Width, Height) = (width, height);
    }

    /// <summary>Width in pixels, 1 to <see cref="Limits.MaxClipboardImageSide"/>.</summary>
    public int Width { get; }

    /// <summary>Height in pixels, 1 to <see cref="Limits.MaxClipboardImageSide"/>.</summary>
    public int Height { get; }

    /// <summary>The exact size of the memfd: width x height x 4 (at most 64 MiB).</summary>
    public long ByteCount => (long)Width * Height * Limits.ClipboardImageBytesPerPixel;

    static MessageType IMessageBody.Type => MessageType.ClipboardImage;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.I32(Width);
        writer.I32(Height);
    }

    /// <summary>True when <paramref name="width"/> x <paramref name="height"/> may travel (each side 1 to the limit).</summary>
    public static bool Fits(long width, long height) =>
        width is >= 1 and <= Limits.MaxClipboardImageSide && height is >= 1 and <= Limits.MaxClipboardImageSide;

    internal static ProtocolViolation Check(uint width, uint height) =>
        Fits(width, height) ? ProtocolViolation.None : ProtocolViolation.ClipboardImageSizeOutOfRange;
}
