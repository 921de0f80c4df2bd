using System.Globalization;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// What /proc says about a process: CPU time, RSS, command line, descendants. Processes inside a
/// qube's sandbox are in their own pid namespace but visible in the host's /proc under host PIDs,
/// which is how the benchmark finds the agent and the TestApp it started through `guivirt run`.
/// The /proc/PID/stat parsing and the process tree are the daemon's own (GuiDaemon/Sandbox/ProcessTree.cs, linked).
/// </summary>
internal static class ProcStat
{
    private const int ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux ABI .NET supports

    /// <summary>User + system CPU time so far, from fields 14 and 15 of /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        string[] fields = ProcessTree.StatFields(processId) ?? throw new InvalidOperationException($"process {processId} is gone");
        // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    /// <summary>Resident set size in MiB (VmRSS of /proc/PID/status).</summary>
    public static double RssMiB(int processId)
    {
        string line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The arguments of a process (/proc/PID/cmdline), empty once it is gone.</summary>
    public static string[] CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The one descendant of <paramref name="processId"/> whose command line has all of <paramref name="words"/> as arguments; null while there is none.</summary>
    public static int? FindDescendant(int processId, params string[] words) =>
        ProcessTree.Descendants(processId).Where(pid => CommandLine(pid) is { Length: > 0 } arguments && words.All(arguments.Contains)).Select(pid => (int?)pid).FirstOrDefault();

    /// <summary>CPU time of a process and all its descendants alive now (children that ended are counted by the kernel only once reaped).</summary>
    public static TimeSpan TreeCpuTime(int processId)
    {
        TimeSpan total = CpuTime(processId);
        foreach (int child in ProcessTree.Descendants(processId))
        {
            try
            {
                total += CpuTime(child);
            }
            catch (InvalidOperationException)
            {
                // ended meanwhile
            }
        }

        return total;
    }
}
