using System.Globalization;

namespace GuiVirt.EndToEndBench;

/// <summary>
/// What /proc says about a process: CPU time, RSS, command line, descendants. Processes inside a
/// qube's sandbox are in their own pid namespace but visible in the host's /proc under host PIDs,
/// which is how the benchmark finds the agent and the TestApp it started through `guivirt run`.
/// </summary>
internal static class ProcStat
{
    private const int ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux ABI .NET supports

    /// <summary>User + system CPU time so far, from fields 14 and 15 of /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        string[] fields = StatFields(processId) ?? throw new InvalidOperationException($"process {processId} is gone");
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

    /// <summary>Every living descendant of <paramref name="processId"/> at this moment.</summary>
    public static List<int> Descendants(int processId)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && StatFields(pid) is [_, var parentText, ..] && int.TryParse(parentText, NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
            {
                if (!children.TryGetValue(parent, out List<int>? list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([processId]);
        while (frontier.TryDequeue(out int current))
        {
            foreach (int child in children.GetValueOrDefault(current) ?? [])
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The one descendant of <paramref name="processId"/> whose command line has all of <paramref name="words"/> as arguments; null while there is none.</summary>
    public static int? FindDescendant(int processId, params string[] words) =>
        Descendants(processId).Where(pid => CommandLine(pid) is { Length: > 0 } arguments && words.All(arguments.Contains)).Select(pid => (int?)pid).FirstOrDefault();

    /// <summary>CPU time of a process and all its descendants alive now (children that ended are counted by the kernel only once reaped).</summary>
    public static TimeSpan TreeCpuTime(int processId)
    {
        TimeSpan total = CpuTime(processId);
        foreach (int child in Descendants(processId))
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

    /// <summary>The fields of /proc/PID/stat after "pid (comm)"; the name can hold spaces and parentheses, so split after the last ')'.</summary>
    private static string[]? StatFields(int processId)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            int end = stat.LastIndexOf(')');
            return end < 0 ? null : stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null; // gone meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
