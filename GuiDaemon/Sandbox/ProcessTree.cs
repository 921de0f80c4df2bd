using System.Globalization;
using GuiVirt.GuiDaemon.Interop;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Processes below one process, read from the host's /proc (a sandbox's pid namespace is visible
/// from outside). The benchmark links this file too, for its CPU and memory readings.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Every living descendant of <paramref name="processId"/> at this moment.</summary>
    public static IReadOnlyList<int> Descendants(int processId)
    {
        var parents = new Dictionary<int, int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([processId]);
        while (frontier.TryDequeue(out int current))
        {
            foreach ((int child, int parent) in parents)
            {
                if (parent == current && !found.Contains(child))
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Every living descendant, each with a pidfd for it, so that a signal later reaches that
    /// process and no other (null where the system has no pidfds). A number freed and taken again
    /// between the walk and the open is dropped: the open is followed by a second walk, and only
    /// numbers still below <paramref name="processId"/> are kept.
    /// </summary>
    public static List<(int Id, SafeFileHandle? Handle)> PinDescendants(int processId)
    {
        List<(int Id, SafeFileHandle? Handle)> pinned = [.. Descendants(processId).Select(id => (id, Pidfd.Open(id)))];
        HashSet<int> still = [.. Descendants(processId)];
        foreach ((int id, SafeFileHandle? handle) in pinned.Where(p => !still.Contains(p.Id)))
        {
            handle?.Dispose();
        }

        return [.. pinned.Where(p => still.Contains(p.Id))];
    }

    /// <summary>True while /proc has the process and it is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int processId) => State(processId) is { } state && state != 'Z' && state != 'X';

    private static int? ParentOf(int processId) =>
        StatFields(processId) is [_, var parent, ..] && int.TryParse(parent, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    private static char? State(int processId) => StatFields(processId) is [var state, ..] && state.Length == 1 ? state[0] : null;

    /// <summary>The fields of /proc/PID/stat after "pid (comm)" (the first is field 3, the state); null once the process is gone. The name can hold spaces and parentheses, so split after the last ')'.</summary>
    public static string[]? StatFields(int processId)
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
