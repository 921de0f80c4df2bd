namespace GuiVirt.GrantPeer;

/// <summary>
/// What GrantPeer and the grant tests say to each other (linked into both). Command line:
/// <c>GuiVirt.GrantPeer SOCKET MODE SIZE</c>. The peer connects, sends <see cref="FdTag"/> with
/// one fd, then speaks lines.
/// </summary>
internal static class PeerProtocol
{
    /// <summary>A grant from MemfdGrantAllocator filled with the pattern. Then the peer reports
    /// "seals shrink=E grow=E" (errnos of its own ftruncate attempts); after the test's
    /// <see cref="Mapped"/> it attacks again, reports "attack shrink=E grow=E addseal=E",
    /// rewrites the first and last byte (<see cref="Rewritten"/>) and reports "written".</summary>
    public const string Sealed = "sealed";

    /// <summary>A memfd of SIZE bytes with the pattern and no seals.</summary>
    public const string Unsealed = "unsealed";

    /// <summary>A memfd of SIZE bytes sealed SHRINK only.</summary>
    public const string ShrinkOnly = "shrink-only";

    /// <summary>A memfd of SIZE bytes sealed GROW only.</summary>
    public const string GrowOnly = "grow-only";

    /// <summary>The read end of a pipe.</summary>
    public const string Pipe = "pipe";

    /// <summary>A deleted temporary file of SIZE bytes.</summary>
    public const string RegularFile = "regular-file";

    /// <summary>/dev/zero opened read-write (mmap-able, but not a grant).</summary>
    public const string DevZero = "dev-zero";

    /// <summary>The tag byte of the message that carries the fd.</summary>
    public const byte FdTag = (byte)'F';

    /// <summary>Test to peer: the grant is mapped, attack it now.</summary>
    public const string Mapped = "mapped";

    /// <summary>Test to peer: finished, exit.</summary>
    public const string Done = "done";

    /// <summary>Byte <paramref name="index"/> of the pattern: varies with the position, so an
    /// offset or a missing page shows up as a mismatch.</summary>
    public static byte PatternAt(long index) => unchecked((byte)((index * 31) ^ (index >> 12)));

    /// <summary>What the peer writes at the first and last byte after the attack.</summary>
    public static byte Rewritten(long index) => unchecked((byte)~PatternAt(index));

    /// <summary>Fills <paramref name="buffer"/> with the pattern.</summary>
    public static void Fill(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = PatternAt(i);
        }
    }

    /// <summary>
    /// Index (in <paramref name="buffer"/>) of the first byte that differs from the pattern, or
    /// -1. <paramref name="patternOffset"/> is the pattern index of buffer[0], for slices.
    /// </summary>
    public static long FirstMismatch(ReadOnlySpan<byte> buffer, long patternOffset = 0)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != PatternAt(patternOffset + i))
            {
                return i;
            }
        }
        return -1;
    }
}
