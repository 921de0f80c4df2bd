namespace GuiVirt.Protocol.Handshake;

/// <summary>A protocol version, packed on the wire as major &lt;&lt; 16 | minor (Qubes msg_version).</summary>
/// <param name="Major">Incompatible changes; both sides MUST have the same.</param>
/// <param name="Minor">Compatible additions; the connection uses the lower of the two.</param>
public readonly record struct ProtocolVersion(ushort Major, ushort Minor)
{
    /// <summary>The version this code speaks: Qubes GUI protocol 1.8 plus the memfd WINDOW_DUMP type.</summary>
    public static ProtocolVersion Current { get; } = new(1, 8);

    /// <summary>
    /// The oldest version this code accepts: 1.8, because earlier minors have no DESTROY
    /// acknowledgement and no WINDOW_DUMP_ACK, which grant lifetimes depend on.
    /// </summary>
    public static ProtocolVersion Oldest { get; } = new(1, 8);

    /// <summary>The wire form.</summary>
    public uint Packed => ((uint)Major << 16) | Minor;

    /// <summary>Splits a wire value (every u32 is some version, so this cannot fail).</summary>
    public static ProtocolVersion Unpack(uint packed) => new((ushort)(packed >> 16), (ushort)(packed & 0xFFFF));

    /// <inheritdoc/>
    public override string ToString() => $"{Major}.{Minor}";
}
