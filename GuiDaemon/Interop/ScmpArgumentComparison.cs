using System.Runtime.InteropServices;

namespace GuiVirt.GuiDaemon.Interop;

/// <summary>
/// struct scmp_arg_cmp: one test of one system-call argument. For SCMP_CMP_MASKED_EQ,
/// <see cref="DatumA"/> is the mask and <see cref="DatumB"/> the value; otherwise A is the value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScmpArgumentComparison
{
    /// <summary>SCMP_CMP_NE .. SCMP_CMP_MASKED_EQ (enum scmp_compare).</summary>
    public const int NotEqual = 1;
    public const int Equal = 4;
    public const int GreaterOrEqual = 5;
    public const int MaskedEqual = 7;

    public uint Argument;
    public int Operation;
    public ulong DatumA;
    public ulong DatumB;
}
