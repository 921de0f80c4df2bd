using System.Globalization;

namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>What the kernel says about this process: open fds and mappings.</summary>
internal static class ProcSelf
{
    /// <summary>
    /// Number of open fds. Runs pending finalizers first so a SafeHandle dropped by an earlier
    /// test cannot close its fd in the middle of a before/after comparison.
    /// </summary>
    public static int CountOpenFds()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // The directory fd used for listing is counted too, the same way every time.
        return Directory.GetFileSystemEntries("/proc/self/fd").Length;
    }

    /// <summary>Permissions ("r--s") and page-rounded length of the mapping that starts at <paramref name="address"/>.</summary>
    public static (string Permissions, long Length) FindMapping(nint address)
    {
        ulong wanted = (ulong)address;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode path"
            string[] fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            string[] range = fields[0].Split('-');
            ulong start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (start == wanted)
            {
                ulong end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return (fields[1], checked((long)(end - start)));
            }
        }
        throw new InvalidOperationException($"no mapping starts at 0x{wanted:x}");
    }
}
