namespace GuiVirt.EndToEndBench;

/// <summary>How long to measure, and what: --quick has short windows and measures 1 and 10 qubes only.</summary>
internal sealed record Settings(bool Quick, bool Scale)
{
    // Long enough that a burst of other work on a shared machine is averaged rather than decisive.
    public TimeSpan Watch => TimeSpan.FromSeconds(Quick ? 3 : 10);
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Quick ? 0.5 : 1);
    public int[] QubeCounts => Quick ? [1, 10] : [1, 5, 10];
    public const int WindowsPerQube = 5;
}
