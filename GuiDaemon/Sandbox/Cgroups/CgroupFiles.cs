using System.Globalization;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>Reading, writing, creating and removing cgroup folders and their files.</summary>
internal static class CgroupFiles
{
    /// <summary>
    /// What every cgroup folder of this daemon is called: guivirt-PID-NAME, so leftovers of a dead
    /// daemon can be told apart. NAME is a qube's name, or the daemon's own ".daemon" or ".probe":
    /// a qube name starts with a letter, so no qube (not even one named "daemon") takes the daemon's.
    /// </summary>
    public static string FolderName(string name) => $"guivirt-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{name}";

    /// <summary>Writes one value to a control file; the kernel checks it (IOException when refused).</summary>
    public static void Write(string directory, string file, string value) => File.WriteAllText(Path.Combine(directory, file), value);

    /// <summary>The same for a file that exists only with some kernel options (swap accounting): false when it is not there.</summary>
    public static bool TryWrite(string directory, string file, string value)
    {
        if (!File.Exists(Path.Combine(directory, file)))
        {
            return false;
        }

        Write(directory, file, value);
        return true;
    }

    /// <summary>The pids in a cgroup.procs file; empty when it or its folder is gone.</summary>
    public static IReadOnlyList<int> Processes(string directory)
    {
        try
        {
            return [.. File.ReadAllText(Path.Combine(directory, "cgroup.procs"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(pid => int.Parse(pid, NumberStyles.None, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The words of a file such as cgroup.controllers; empty when it is not there.</summary>
    public static IReadOnlyList<string> Words(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        return File.Exists(path) ? File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
    }

    /// <summary>
    /// Whether this process may create cgroups in <paramref name="directory"/> and move processes
    /// into them (which needs its cgroup.procs writable too): tried, not guessed, with a folder
    /// that is removed at once. Null when it may; otherwise why not.
    /// </summary>
    public static string? WhyNotWritable(string directory)
    {
        string probe = Path.Combine(directory, FolderName(".probe"));
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            using FileStream procs = File.Open(Path.Combine(directory, "cgroup.procs"), FileMode.Open, FileAccess.Write);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{directory} is not writable by this user";
        }
        catch (IOException e)
        {
            return $"{directory}: {e.Message}";
        }
    }

    /// <summary>
    /// Removes the cgroups a daemon that is no longer running left in <paramref name="directory"/>
    /// (a killed daemon cannot clean up; its qubes died with it, so their cgroups are empty).
    /// </summary>
    public static void RemoveLeftovers(string directory)
    {
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(directory, "guivirt-*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (string folder in folders)
        {
            string[] parts = Path.GetFileName(folder).Split('-', 3);
            if (parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}"))
            {
                TryRemoveTree(folder);
            }
        }
    }

    /// <summary>rmdir of a cgroup folder and its sub-cgroups, deepest first; false when one is still busy.</summary>
    public static bool TryRemoveTree(string directory)
    {
        try
        {
            foreach (string child in Directory.EnumerateDirectories(directory))
            {
                TryRemoveTree(child);
            }

            Directory.Delete(directory); // rmdir: a cgroup's control files are not in the way
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // still has processes (EBUSY), or not ours
        }
    }
}
