using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>SHMIMAGE as it came off the wire.</summary>
public readonly struct UntrustedShmImage
{
    internal readonly uint X, Y, Width, Height;

    internal UntrustedShmImage(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (X, Y, Width, Height) = (reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="ShmImage"/>.</summary>
    public bool TryValidate(out ShmImage validated, out ProtocolViolation violation)
    {
        violation = ShmImage.Check(X, Y, Width, Height);
        validated = violation == ProtocolViolation.None ? new ShmImage((int)X, (int)Y, (int)Width, (int)Height) : default;
        return violation == ProtocolViolation.None;
    }
}
