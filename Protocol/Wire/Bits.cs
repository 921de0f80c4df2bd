namespace GuiVirt.Protocol.Wire;

/// <summary>
/// Reinterpretations between the wire's u32 fields and C# ints. Protocol is compiled with checked
/// arithmetic, where a plain cast of an out-of-range value throws; these never throw.
/// </summary>
internal static class Bits
{
    /// <summary>The field as the signed value it carries (coordinates are two's complement).</summary>
    public static int Signed(uint field) => unchecked((int)field);

    /// <summary>The bits of <paramref name="value"/> as they go on the wire.</summary>
    public static uint Unsigned(int value) => unchecked((uint)value);
}
