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

    /// <summary>
    /// The mapping that starts at <paramref name="address"/>: permissions ("r--s"), page-rounded
    /// length and inode; null if none does. After munmap the kernel may hand the same address
    /// to the next mmap of any thread, so "gone" checks compare the inode, not just the address.
    /// </summary>
    public static (string Permissions, long Length, ulong Inode)? TryFindMapping(nint address)
    {
        ulong wanted = (ulong)address;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode path"
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            string[] range = fields[0].Split('-');
            ulong start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (start == wanted)
            {
                ulong end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong inode = ulong.Parse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture);
                return (fields[1], checked((long)(end - start)), inode);
            }
        }
        return null;
    }

    /// <summary>Like <see cref="TryFindMapping"/>, but the mapping must exist.</summary>
    public static (string Permissions, long Length, ulong Inode) FindMapping(nint address) =>
        TryFindMapping(address) ?? throw new InvalidOperationException($"no mapping starts at 0x{(ulong)address:x}");

    /// <summary>True when the mapping of <paramref name="inode"/> at <paramref name="address"/> is gone.</summary>
    public static bool IsUnmapped(nint address, ulong inode) => TryFindMapping(address) is not { } mapping || mapping.Inode != inode;
}
