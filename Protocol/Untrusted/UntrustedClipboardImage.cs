using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>CLIPBOARD_IMAGE as it came off the wire (the fd is checked separately, as a grant of exactly width x height x 4 bytes).</summary>
public readonly struct UntrustedClipboardImage
{
    internal readonly uint Width, Height;

    internal UntrustedClipboardImage(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Width, Height) = (reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="ClipboardImage"/>: each side 1 to <see cref="Limits.MaxClipboardImageSide"/>.</summary>
    public bool TryValidate(out ClipboardImage validated, out ProtocolViolation violation)
    {
        violation = ClipboardImage.Check(Width, Height);
        validated = violation == ProtocolViolation.None ? new ClipboardImage((int)Width, (int)Height) : default;
        return violation == ProtocolViolation.None;
    }
}
