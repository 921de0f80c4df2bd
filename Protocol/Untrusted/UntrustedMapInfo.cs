using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>MAP's body as it came off the wire.</summary>
public readonly struct UntrustedMapInfo
{
    internal readonly uint TransientFor, OverrideRedirect;

    internal UntrustedMapInfo(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        (TransientFor, OverrideRedirect) = (reader.U32(), reader.U32());
    }

    /// <summary>Validates against the header's <paramref name="window"/>: a window cannot be its own transient.</summary>
    public bool TryValidate(WindowId window, out MapInfo validated, out ProtocolViolation violation)
    {
        violation = Checks.First(
            TransientFor == window.Value ? ProtocolViolation.TransientForSelf : ProtocolViolation.None,
            Checks.Boolean(OverrideRedirect));
        validated = violation == ProtocolViolation.None ? new MapInfo(new WindowId(TransientFor), OverrideRedirect == 1) : default;
        return violation == ProtocolViolation.None;
    }
}
