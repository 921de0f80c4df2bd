namespace GuiVirt.EndToEndBench;

/// <summary>What the report says about the run itself.</summary>
internal sealed record RunInfo(Settings Settings, string XpraVersion, TimeSpan Elapsed, string LoadAtStart);
