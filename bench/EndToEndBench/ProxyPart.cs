namespace GuiVirt.EndToEndBench;

/// <summary>One proxy process's share of a case: CPU per delivered frame, CPU as % of a core, RSS.</summary>
internal sealed record ProxyPart(string Name, double MsPerFrame, double CpuPercent, double Rss);
