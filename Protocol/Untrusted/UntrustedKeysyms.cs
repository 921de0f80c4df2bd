using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>KEYSYMS as it came off the wire: a keycode and eight keysyms.</summary>
public readonly ref struct UntrustedKeysyms
{
    internal readonly uint Keycode;
    internal readonly ReadOnlySpan<byte> Symbols;

    internal UntrustedKeysyms(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        Keycode = reader.U32();
        Symbols = reader.Bytes(Limits.KeysymsPerKeycode * 4);
    }

    /// <summary>The keycode 8..255, then every keysym within <see cref="Limits.MaxKeysym"/>.</summary>
    public bool TryValidate(out Keysyms validated, out ProtocolViolation violation)
    {
        validated = default;
        Span<uint> keysyms = stackalloc uint[Limits.KeysymsPerKeycode];
        var reader = new WireReader(Symbols);
        violation = Keysyms.CheckKeycode(Keycode);
        for (int i = 0; i < keysyms.Length; i++)
        {
            keysyms[i] = reader.U32();
            violation = Checks.First(violation, Keysyms.CheckKeysym(keysyms[i]));
        }

        if (violation == ProtocolViolation.None)
        {
            validated = new Keysyms(Keycode, keysyms);
        }

        return violation == ProtocolViolation.None;
    }
}
