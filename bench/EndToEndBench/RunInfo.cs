namespace GuiVirt.EndToEndBench;

/// <summary>What the report says about the run itself; <paramref name="Scheduling"/>: the daemon's log line about it.</summary>
internal sealed record RunInfo(Settings Settings, string XpraVersion, TimeSpan Elapsed, string LoadAtStart, string Scheduling);
