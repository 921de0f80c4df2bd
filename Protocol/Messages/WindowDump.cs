using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_DUMP (agent to daemon) of the memfd type: the window's new grant, whose file
/// descriptor travels with this message (SCM_RIGHTS). Body: Qubes' msg_window_dump_hdr
/// {type = <see cref="MemfdDumpType"/>, width, height, bpp = 24} followed by a u32 stride.
/// Size 1x1 to the window limits; stride a multiple of 4 from width x 4 to <see cref="Limits.MaxStride"/>.
/// The grant MUST hold at least <see cref="RequiredBytes"/> = stride x height bytes.
/// </summary>
public readonly record struct WindowDump : IMessageBody
{
    /// <summary>Qubes' WINDOW_DUMP_TYPE_GRANT_REFS (Xen only; refused here).</summary>
    public const uint GrantRefsDumpType = 0;

    /// <summary>The dump type this protocol adds: one sealed memfd passed with the message.</summary>
    public const uint MemfdDumpType = 1;

    /// <summary>Creates a WINDOW_DUMP body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public WindowDump(int width, int height, int stride)
    {
        Checks.ThrowIfInvalid(Check(MemfdDumpType, Bits.Unsigned(width), Bits.Unsigned(height), Limits.DumpBitsPerPixel, Bits.Unsigned(stride)), nameof(WindowDump));
        (Width, Height, Stride) = (width, height, stride);
    }

    /// <summary>Width of the buffer in pixels.</summary>
    public int Width { get; }
    /// <summary>Height of the buffer in rows.</summary>
    public int Height { get; }
    /// <summary>Bytes from one row to the next.</summary>
    public int Stride { get; }

    /// <summary>The smallest grant that can hold this buffer.</summary>
    public long RequiredBytes => (long)Stride * Height;

    static MessageType IMessageBody.Type => MessageType.WindowDump;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(MemfdDumpType);
        writer.I32(Width);
        writer.I32(Height);
        writer.U32(Limits.DumpBitsPerPixel);
        writer.I32(Stride);
    }

    internal static ProtocolViolation Check(uint type, uint width, uint height, uint bpp, uint stride) =>
        type != MemfdDumpType ? ProtocolViolation.DumpTypeUnsupported
        : bpp != Limits.DumpBitsPerPixel ? ProtocolViolation.DumpDepthUnsupported
        : Checks.Size(width, height) is var size and not ProtocolViolation.None ? size
        : stride % Limits.BytesPerPixel != 0 || stride < (long)width * Limits.BytesPerPixel || stride > Limits.MaxStride
            ? ProtocolViolation.DumpStrideInvalid
        : ProtocolViolation.None;
}
