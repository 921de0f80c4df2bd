using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// KEYSYMS (daemon to agent, a GuiVirt extension): the keysyms of one keycode the host remapped
/// at run time (a core MappingNotify, as xdotool does to type characters the layout lacks), so the
/// qube's X server maps that keycode the same way. Keycode 8..255; <see cref="Limits.KeysymsPerKeycode"/>
/// keysyms, each at most <see cref="Limits.MaxKeysym"/>, 0 (NoSymbol) for unused slots.
/// </summary>
public readonly record struct Keysyms : IMessageBody
{
    private readonly uint[]? _slots;

    /// <summary>Creates a KEYSYMS body from the host's keysyms of <paramref name="keycode"/> (at most 8; missing ones are NoSymbol).</summary>
    public Keysyms(uint keycode, ReadOnlySpan<uint> keysyms)
    {
        if (keysyms.Length > Limits.KeysymsPerKeycode)
        {
            throw new ArgumentException($"at most {Limits.KeysymsPerKeycode} keysyms per keycode", nameof(keysyms));
        }

        ProtocolViolation violation = CheckKeycode(keycode);
        foreach (uint keysym in keysyms)
        {
            violation = Checks.First(violation, CheckKeysym(keysym));
        }

        Checks.ThrowIfInvalid(violation, nameof(Keysyms));
        Keycode = keycode;
        _slots = new uint[Limits.KeysymsPerKeycode];
        keysyms.CopyTo(_slots);
    }

    /// <summary>The remapped keycode, 8..255.</summary>
    public uint Keycode { get; }

    /// <summary>The keycode's keysyms, as XGetKeyboardMapping lists them; 0 is NoSymbol.</summary>
    public ReadOnlySpan<uint> Symbols => _slots ?? new uint[Limits.KeysymsPerKeycode];

    static MessageType IMessageBody.Type => MessageType.Keysyms;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(Keycode);
        foreach (uint keysym in Symbols)
        {
            writer.U32(keysym);
        }
    }

    /// <inheritdoc/>
    public bool Equals(Keysyms other) => Keycode == other.Keycode && Symbols.SequenceEqual(other.Symbols);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Keycode);
        foreach (uint keysym in Symbols)
        {
            hash.Add(keysym);
        }

        return hash.ToHashCode();
    }

    internal static ProtocolViolation CheckKeycode(uint keycode) =>
        keycode is >= Limits.MinKeycode and <= Limits.MaxKeycode ? ProtocolViolation.None : ProtocolViolation.KeycodeOutOfRange;

    /// <summary>X11: the top three bits of a keysym are always zero; anything else is not a keysym.</summary>
    internal static ProtocolViolation CheckKeysym(uint keysym) =>
        keysym <= Limits.MaxKeysym ? ProtocolViolation.None : ProtocolViolation.KeysymOutOfRange;
}
