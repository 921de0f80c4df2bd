namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_ICON (agent to daemon, about a window): the window's icon. Body: u32 width, u32 height,
/// each 1 to <see cref="Limits.MaxWindowIconSide"/>, then exactly width x height pixels of 4 bytes:
/// little-endian 0xAARRGGBB words (B, G, R, A in memory), unpremultiplied, rows top to bottom, as
/// _NET_WM_ICON holds them. Nothing about the pixels is checked: every bit pattern is a colour.
/// A ref struct: <see cref="UntrustedArgb"/> is a view of the received body, valid only during the
/// handler call; the daemon copies it before use.
/// </summary>
public readonly ref struct WindowIcon
{
    internal WindowIcon(int width, int height, ReadOnlySpan<byte> untrustedArgb)
    {
        Width = width;
        Height = height;
        UntrustedArgb = untrustedArgb;
    }

    /// <summary>Width in pixels, 1 to <see cref="Limits.MaxWindowIconSide"/>.</summary>
    public int Width { get; }

    /// <summary>Height in pixels, 1 to <see cref="Limits.MaxWindowIconSide"/>.</summary>
    public int Height { get; }

    /// <summary>Exactly <see cref="ByteCount"/> bytes of the qube's pixels, unread by any check.</summary>
    public ReadOnlySpan<byte> UntrustedArgb { get; }

    /// <summary>Width x height x 4 (at most 64 KiB).</summary>
    public int ByteCount => Width * Height * Limits.WindowIconBytesPerPixel;

    /// <summary>True when a <paramref name="width"/> x <paramref name="height"/> icon may travel (each side 1 to the limit).</summary>
    public static bool Fits(long width, long height) =>
        width is >= 1 and <= Limits.MaxWindowIconSide && height is >= 1 and <= Limits.MaxWindowIconSide;

    /// <summary>The body length a <paramref name="width"/> x <paramref name="height"/> icon has (both already within the limit).</summary>
    public static int BodyLength(int width, int height) => 8 + (width * height * Limits.WindowIconBytesPerPixel);
}
