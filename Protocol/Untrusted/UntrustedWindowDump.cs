using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WINDOW_DUMP as it came off the wire (the fd is checked separately, as a grant).</summary>
public readonly struct UntrustedWindowDump
{
    internal readonly uint Type, Width, Height, Bpp, Stride;

    internal UntrustedWindowDump(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (Type, Width, Height, Bpp, Stride) = (reader.U32(), reader.U32(), reader.U32(), reader.U32(), reader.U32());
    }

    /// <summary>The checks of <see cref="WindowDump"/>.</summary>
    public bool TryValidate(out WindowDump validated, out ProtocolViolation violation)
    {
        violation = WindowDump.Check(Type, Width, Height, Bpp, Stride);
        validated = violation == ProtocolViolation.None ? new WindowDump((int)Width, (int)Height, (int)Stride) : default;
        return violation == ProtocolViolation.None;
    }
}
