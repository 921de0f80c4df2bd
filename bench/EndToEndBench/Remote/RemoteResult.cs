using System.Globalization;

namespace GuiVirt.EndToEndBench.Remote;

/// <summary>
/// One case of the remote benchmark: a workload through a system over a link. Bytes are what the
/// relay carried during the observed window (down: far side to host, up: host to far side); CPU
/// is per delivered frame on each side. <see cref="Unavailable"/>: why the case was not measured.
/// </summary>
internal sealed record RemoteResult(LinkSpec Link, RemoteWorkload Workload, string System)
{
    public string? Unavailable { get; init; }
    public double DrawnFps { get; init; }
    public double DeliveredFps { get; init; }
    public double P50 { get; init; } = double.NaN;
    public double P99 { get; init; } = double.NaN;
    public int Unmatched { get; init; }
    public int MaxSkipped { get; init; }
    public double BytesDownPerFrame { get; init; }
    public double BytesUpPerFrame { get; init; }

    /// <summary>Typing: bytes both ways per frame the app drew (each frame is one typed character).</summary>
    public double BytesPerDrawnFrame { get; init; }
    public double FarCpuMsPerFrame { get; init; }
    public double HostCpuMsPerFrame { get; init; }
    public double AppCpuMsPerFrame { get; init; }

    /// <summary>Fraction of checked pixels that were exactly the app's; samples all exact, and samples.</summary>
    public double ExactFraction { get; init; } = double.NaN;
    public int ExactSamples { get; init; }
    public int Samples { get; init; }
    public double Load { get; init; }

    public bool Lossless => Samples > 0 && ExactSamples == Samples;

    public string Summary() => Unavailable is { } why
        ? $"{Link.Name,-17} {Workload.Name,-18} {System,-8} {why}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Link.Name,-17} {Workload.Name,-18} {System,-8} drawn {DrawnFps,6:F1}/s delivered {DeliveredFps,6:F1}/s p50 {P50,7:F2} ms p99 {P99,7:F2} ms, {BytesDownPerFrame / 1024,8:F1} KiB/frame down, far {FarCpuMsPerFrame:F2} host {HostCpuMsPerFrame:F2} ms/frame, exact {100 * ExactFraction:F2}% ({ExactSamples}/{Samples} samples), max skipped {MaxSkipped}, unmatched {Unmatched}, load {Load:F2}");
}
