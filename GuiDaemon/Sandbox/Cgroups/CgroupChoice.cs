namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>The way chosen to limit qubes (null when none works) and the line that tells the log.</summary>
internal sealed record CgroupChoice(QubeCgroups? Cgroups, string Description);
