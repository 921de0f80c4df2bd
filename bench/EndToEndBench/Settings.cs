namespace GuiVirt.EndToEndBench;

/// <summary>
/// How long to measure, and what: --quick has short windows and measures 1 and 20 qubes only;
/// <see cref="Contention"/>: every workload also under `stress-ng --cpu N`; <see cref="Only"/>:
/// only the window workloads whose name contains it (no idle and scale parts).
/// </summary>
/// <see cref="Remote"/>: only the remote benchmark (Remote/RemoteBench.cs), nothing else.
internal sealed record Settings(bool Quick, bool Scale, bool Contention = true, string? Only = null, bool Remote = false)
{
    // Long enough that a burst of other work on a shared machine is averaged rather than decisive.
    public TimeSpan Watch => TimeSpan.FromSeconds(Quick ? 3 : 10);
    public TimeSpan WarmUp => TimeSpan.FromSeconds(Quick ? 0.5 : 1);
    public int[] QubeCounts => Quick ? [1, 20] : [1, 10, 20];
    public const int WindowsPerQube = 5;

    /// <summary>Windows animating at once over all the scale part's idle windows.</summary>
    public const int Animating = 5;

    /// <summary>The window workloads of this run, in order.</summary>
    public Workload[] Workloads =>
        [.. ((Workload[])[.. Workload.Quiet, .. Contention ? (Workload[])[.. Workload.Loaded, .. Workload.Weighted] : [], Workload.BusyApp, Workload.Upscaled])
            .Where(w => Only is null || w.Name.Contains(Only, StringComparison.Ordinal))];

    /// <summary>The options as typed, for the report.</summary>
    public string Options =>
        (Quick ? " --quick" : "") + (Scale ? "" : " --no-scale") + (Contention ? "" : " --no-contention") + (Only is null ? "" : $" --only '{Only}'");
}
