using GuiVirt.GuiDaemon.Interop;

namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

/// <summary>
/// One test of a system call's argument (0-based <see cref="Index"/>), as the kernel sees the
/// 64-bit register. A rule with several tests refuses the call only when all of them hold.
/// </summary>
internal readonly record struct ArgumentTest(int Index, int Operation, ulong Value, ulong Mask)
{
    /// <summary>Every bit of <paramref name="bits"/> is set.</summary>
    public static ArgumentTest HasBits(int index, ulong bits) => new(index, ScmpArgumentComparison.MaskedEqual, bits, bits);

    /// <summary>
    /// The low 32 bits equal <paramref name="value"/>, whatever the high ones: for arguments the kernel
    /// truncates to an int (an ioctl request), so setting high bits cannot slip past (CVE-2019-10063).
    /// </summary>
    public static ArgumentTest Low32Is(int index, uint value) => new(index, ScmpArgumentComparison.MaskedEqual, value, 0xffff_ffff);

    public static ArgumentTest Is(int index, ulong value) => new(index, ScmpArgumentComparison.Equal, value, 0);

    public static ArgumentTest IsNot(int index, ulong value) => new(index, ScmpArgumentComparison.NotEqual, value, 0);

    public static ArgumentTest AtLeast(int index, ulong value) => new(index, ScmpArgumentComparison.GreaterOrEqual, value, 0);

    internal ScmpArgumentComparison ToNative() => Operation == ScmpArgumentComparison.MaskedEqual
        ? new ScmpArgumentComparison { Argument = (uint)Index, Operation = Operation, DatumA = Mask, DatumB = Value }
        : new ScmpArgumentComparison { Argument = (uint)Index, Operation = Operation, DatumA = Value };

    public override string ToString() => Operation switch
    {
        ScmpArgumentComparison.MaskedEqual when Mask == Value => $"arg{Index} has 0x{Value:x}",
        ScmpArgumentComparison.MaskedEqual => $"arg{Index} & 0x{Mask:x} == 0x{Value:x}",
        ScmpArgumentComparison.Equal => $"arg{Index} == {Value}",
        ScmpArgumentComparison.NotEqual => $"arg{Index} != {Value}",
        _ => $"arg{Index} >= {Value}",
    };
}
