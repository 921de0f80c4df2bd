using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CURSOR (agent to daemon): the pointer shape, never a bitmap. <see cref="Limits.CursorDefault"/>,
/// or <see cref="Limits.CursorX11First"/> + an X11 cursor-font glyph (even, below XC_num_glyphs).
/// </summary>
public readonly record struct CursorShape : IMessageBody
{
    /// <summary>Creates a CURSOR body; throws <see cref="ArgumentException"/> for ids the receiver would refuse.</summary>
    public CursorShape(uint id)
    {
        Checks.ThrowIfInvalid(Check(id), nameof(CursorShape));
        Id = id;
    }

    /// <summary>The shape for an X11 cursor-font glyph (XC_*).</summary>
    public static CursorShape FromFontGlyph(int glyph) => new(Limits.CursorX11First + Bits.Unsigned(glyph));

    /// <summary>The wire id.</summary>
    public uint Id { get; }

    /// <summary>The X11 cursor-font glyph, or null for the default cursor.</summary>
    public int? FontGlyph => Id == Limits.CursorDefault ? null : (int)(Id - Limits.CursorX11First);

    static MessageType IMessageBody.Type => MessageType.Cursor;

    void IMessageBody.WriteTo(Span<byte> destination) => new WireWriter(destination).U32(Id);

    // Odd glyphs of the cursor font are masks, not shapes.
    internal static ProtocolViolation Check(uint id) =>
        id == Limits.CursorDefault || (id >= Limits.CursorX11First && id < Limits.CursorX11End && (id - Limits.CursorX11First) % 2 == 0)
            ? ProtocolViolation.None
            : ProtocolViolation.CursorOutOfRange;
}
