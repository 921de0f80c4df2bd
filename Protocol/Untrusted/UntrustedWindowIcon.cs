using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WINDOW_ICON as it came off the wire: its length is at most the type's bound, nothing more is known.</summary>
public readonly ref struct UntrustedWindowIcon
{
    internal readonly uint Width, Height;
    internal readonly ReadOnlySpan<byte> Body;

    internal UntrustedWindowIcon(ReadOnlySpan<byte> body)
    {
        Body = body;
        if (body.Length >= 8)
        {
            var reader = new WireReader(body);
            (Width, Height) = (reader.U32(), reader.U32());
        }
    }

    /// <summary>
    /// The checks of <see cref="WindowIcon"/>: each side 1 to <see cref="Limits.MaxWindowIconSide"/>,
    /// and the body exactly 8 + width x height x 4 bytes (so the pixels are never read past their end,
    /// and no byte travels that the icon does not use). A body shorter than 8 has width 0 here.
    /// </summary>
    public bool TryValidate(out WindowIcon validated, out ProtocolViolation violation)
    {
        // Sides checked first, so the product below is at most 8 + 128 x 128 x 4 and cannot overflow.
        bool fits = WindowIcon.Fits(Width, Height) && Body.Length == WindowIcon.BodyLength((int)Width, (int)Height);
        violation = fits ? ProtocolViolation.None : ProtocolViolation.WindowIconSizeInvalid;
        validated = fits ? new WindowIcon((int)Width, (int)Height, Body[8..]) : default;
        return fits;
    }
}
