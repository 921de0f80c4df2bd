using System.Text;

namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// Finds the cgroup hierarchies of this process from the text of /proc/self/mountinfo and
/// /proc/self/cgroup (passed in, so tests can describe any host). A hierarchy counts only when
/// this process's own cgroup is reachable through its mount.
/// </summary>
internal static class CgroupMounts
{
    /// <summary>The v2 hierarchy and the v1 ones this process is in, as mounted here.</summary>
    public static IReadOnlyList<CgroupHierarchy> Parse(string mountinfo, string selfCgroup)
    {
        // /proc/self/cgroup: "ID:CONTROLLERS:PATH"; v2 is "0::PATH"; v1 "4:memory:PATH" or "2:cpu,cpuacct:PATH".
        string? v2Path = null;
        var v1Paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(':', 3);
            if (fields.Length != 3)
            {
                continue;
            }

            if (fields[0] == "0" && fields[1].Length == 0)
            {
                v2Path = fields[2];
            }
            else
            {
                foreach (string controller in fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    v1Paths[controller] = fields[2];
                }
            }
        }

        var found = new List<CgroupHierarchy>();
        foreach (string line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS"
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (dash < 6 || dash + 3 >= fields.Length)
            {
                continue;
            }

            string root = Unescape(fields[3]), mountPoint = Unescape(fields[4]), type = fields[dash + 1];
            if (type == "cgroup2" && v2Path is not null && Within(root, mountPoint, v2Path) is { } directory)
            {
                if (!found.Any(h => h.IsV2))
                {
                    found.Add(new CgroupHierarchy(true, [], mountPoint, directory));
                }
            }
            else if (type == "cgroup")
            {
                string[] controllers = [.. fields[dash + 3].Split(',').Where(v1Paths.ContainsKey)];
                if (controllers.Length > 0 && Within(root, mountPoint, v1Paths[controllers[0]]) is { } v1Directory
                    && !found.Any(h => !h.IsV2 && h.Controllers.Intersect(controllers).Any()))
                {
                    found.Add(new CgroupHierarchy(false, controllers, mountPoint, v1Directory));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The folder of cgroup <paramref name="path"/> under a mount of hierarchy folder
    /// <paramref name="root"/> at <paramref name="mountPoint"/>; null when the mount shows only
    /// another part of the hierarchy (a container's view, for one).
    /// </summary>
    private static string? Within(string root, string mountPoint, string path)
    {
        string relative;
        if (root == "/")
        {
            relative = path;
        }
        else if (path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
        {
            relative = path[root.Length..];
        }
        else
        {
            return null;
        }

        return Path.TrimEndingDirectorySeparator(mountPoint + relative.TrimEnd('/'));
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as \ooo.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>();
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && !field.AsSpan(i + 1, 3).ContainsAnyExcept("01234567"))
            {
                bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
