using System.Globalization;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Remote;

/// <summary>
/// What the host's configuration says of a remote qube that only the far machine can apply: its
/// network, the limits its sandbox is started with (memory, tasks, CPU weight, tmpfs) and the
/// density its apps render at. The host sends them as options of `guivirt remote serve`, which
/// hands them to the keeper it starts; a qube already running keeps those it started with, as a
/// local qube does. The limits on what the qube may send (windows, grant memory, messages a
/// second) stay on the host, where its importer is the qube's agent to the daemon.
/// </summary>
public sealed record FarQubeSettings(QubeNetwork Network, ResourceLimits Limits, DisplayScale Scale)
{
    /// <summary>A qube no configuration speaks of: no network, the default limits, scale 1.</summary>
    public static FarQubeSettings Default { get; } = new(QubeNetwork.None, ResourceLimits.Default, DisplayScale.One);

    /// <summary>The option names, the same on `serve` and `keep`.</summary>
    public const string NetworkOption = "--network", MemoryOption = "--memory-mib", PidsOption = "--pids",
        CpuWeightOption = "--cpu-weight", TmpOption = "--tmp-mib", ScaleOption = "--scale-percent";

    /// <summary>The options that carry these settings: fixed words and whole numbers, nothing for a shell to read.</summary>
    public IReadOnlyList<string> Arguments() =>
    [
        NetworkOption, Network.Name(),
        MemoryOption, Text(Limits.MemoryMiB),
        PidsOption, Text(Limits.Pids),
        CpuWeightOption, Text(Limits.CpuWeight),
        TmpOption, Text(Limits.TmpMiB),
        ScaleOption, Text(Scale.Percent),
    ];

    /// <summary>
    /// The settings from the options' values, each checked against the range the configuration
    /// allows; null with the first problem, named by its option, when one is out of range. A value
    /// not given (null) is the default's.
    /// </summary>
    public static FarQubeSettings? TryCreate(string? network, int? memoryMiB, int? pids, int? cpuWeight, int? tmpMiB, int? scalePercent, out string? problem)
    {
        problem = null;
        QubeNetwork? mode = network is null ? QubeNetwork.None : QubeNetworks.TryParse(network);
        if (mode is null)
        {
            problem = $"{NetworkOption} must be one of {string.Join(", ", QubeNetworks.Names)}, not '{network}'";
            return null;
        }

        DisplayScale? scale = scalePercent is { } percent ? DisplayScale.TryFromPercent(percent) : DisplayScale.One;
        if (scale is null)
        {
            problem = $"{ScaleOption} must be one of {string.Join(", ", DisplayScale.AllowedPercents)}, not {Text(scalePercent!.Value)}";
            return null;
        }

        ResourceLimits defaults = ResourceLimits.Default;
        int? Checked(string option, int? value, int fallback, (int Min, int Max) range, ref string? problem)
        {
            if (value is not { } given)
            {
                return fallback;
            }

            if (given < range.Min || given > range.Max)
            {
                problem ??= $"{option} must be a whole number from {Text(range.Min)} to {Text(range.Max)}, not {Text(given)}";
                return null;
            }

            return given;
        }

        int? memory = Checked(MemoryOption, memoryMiB, defaults.MemoryMiB, ResourceLimits.MemoryMiBRange, ref problem);
        int? tasks = Checked(PidsOption, pids, defaults.Pids, ResourceLimits.PidsRange, ref problem);
        int? weight = Checked(CpuWeightOption, cpuWeight, defaults.CpuWeight, ResourceLimits.CpuWeightRange, ref problem);
        int? tmp = Checked(TmpOption, tmpMiB, defaults.TmpMiB, ResourceLimits.TmpMiBRange, ref problem);
        if (problem is not null)
        {
            return null;
        }

        var limits = defaults with { MemoryMiB = memory!.Value, Pids = tasks!.Value, CpuWeight = weight!.Value, TmpMiB = tmp!.Value };
        return new FarQubeSettings(mode.Value, limits, scale.Value);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
