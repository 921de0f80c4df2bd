using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WINDOW_HINTS (agent to daemon): size hints. Flags within <see cref="Limits.HintsFlagsMask"/>;
/// every width at most <see cref="Limits.MaxWindowWidth"/> and every height at most
/// <see cref="Limits.MaxWindowHeight"/> whether or not its flag is set; with both MinSize and
/// MaxSize set, the minimum MUST NOT exceed the maximum.
/// </summary>
public readonly record struct WindowHints : IMessageBody
{
    /// <summary>Creates a WINDOW_HINTS body; throws <see cref="ArgumentException"/> for values the receiver would refuse.</summary>
    public WindowHints(SizeHintFlags flags, int minWidth, int minHeight, int maxWidth, int maxHeight, int widthIncrement, int heightIncrement, int baseWidth, int baseHeight)
    {
        Checks.ThrowIfInvalid(
            Check((uint)flags, [Bits.Unsigned(minWidth), Bits.Unsigned(minHeight), Bits.Unsigned(maxWidth), Bits.Unsigned(maxHeight), Bits.Unsigned(widthIncrement), Bits.Unsigned(heightIncrement), Bits.Unsigned(baseWidth), Bits.Unsigned(baseHeight)]),
            nameof(WindowHints));
        (Flags, MinWidth, MinHeight, MaxWidth, MaxHeight) = (flags, minWidth, minHeight, maxWidth, maxHeight);
        (WidthIncrement, HeightIncrement, BaseWidth, BaseHeight) = (widthIncrement, heightIncrement, baseWidth, baseHeight);
    }

    /// <summary>Which of the values below mean something.</summary>
    public SizeHintFlags Flags { get; }
    /// <summary>Minimum width (with <see cref="SizeHintFlags.MinSize"/>).</summary>
    public int MinWidth { get; }
    /// <summary>Minimum height (with <see cref="SizeHintFlags.MinSize"/>).</summary>
    public int MinHeight { get; }
    /// <summary>Maximum width (with <see cref="SizeHintFlags.MaxSize"/>).</summary>
    public int MaxWidth { get; }
    /// <summary>Maximum height (with <see cref="SizeHintFlags.MaxSize"/>).</summary>
    public int MaxHeight { get; }
    /// <summary>Width increment (with <see cref="SizeHintFlags.ResizeIncrement"/>).</summary>
    public int WidthIncrement { get; }
    /// <summary>Height increment (with <see cref="SizeHintFlags.ResizeIncrement"/>).</summary>
    public int HeightIncrement { get; }
    /// <summary>Base width (with <see cref="SizeHintFlags.BaseSize"/>).</summary>
    public int BaseWidth { get; }
    /// <summary>Base height (with <see cref="SizeHintFlags.BaseSize"/>).</summary>
    public int BaseHeight { get; }

    static MessageType IMessageBody.Type => MessageType.WindowHints;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32((uint)Flags);
        foreach (int value in (ReadOnlySpan<int>)[MinWidth, MinHeight, MaxWidth, MaxHeight, WidthIncrement, HeightIncrement, BaseWidth, BaseHeight])
        {
            writer.I32(value);
        }
    }

    /// <summary>
    /// <paramref name="values"/> in wire order: min w/h, max w/h, increment w/h, base w/h. Even
    /// positions are widths, odd ones heights.
    /// </summary>
    internal static ProtocolViolation Check(uint flags, ReadOnlySpan<uint> values)
    {
        if ((flags & ~Limits.HintsFlagsMask) != 0)
        {
            return ProtocolViolation.HintsUnknownFlags;
        }

        for (int i = 0; i < values.Length; i++)
        {
            long limit = i % 2 == 0 ? Limits.MaxWindowWidth : Limits.MaxWindowHeight;
            if (values[i] > limit)
            {
                return ProtocolViolation.HintsOutOfRange;
            }
        }

        var both = SizeHintFlags.MinSize | SizeHintFlags.MaxSize;
        bool minAboveMax = ((SizeHintFlags)flags & both) == both && (values[0] > values[2] || values[1] > values[3]);
        return minAboveMax ? ProtocolViolation.HintsMinAboveMax : ProtocolViolation.None;
    }

    internal static WindowHints Trusted(uint flags, ReadOnlySpan<uint> v) =>
        new((SizeHintFlags)flags, (int)v[0], (int)v[1], (int)v[2], (int)v[3], (int)v[4], (int)v[5], (int)v[6], (int)v[7]);
}
