namespace GuiVirt.EndToEndBench;

/// <summary>What the report says about the run itself; <paramref name="Scheduling"/>: the daemon's log line about it.</summary>
internal sealed record RunInfo(Settings Settings, string XpraVersion, TimeSpan Elapsed, string LoadAtStart, string Scheduling)
{
    /// <summary>Why the scale part has no results, when it failed (a timeout on a machine too busy to start 100 apps).</summary>
    public string? ScaleFailure { get; init; }
}
