using System.Globalization;
using System.Text;
using Tmds.Linux;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>What the host says about files and processes: owners, modes, a process's ids.</summary>
internal static unsafe class HostFiles
{
    /// <summary>lstat: the owner and the permission bits of <paramref name="path"/> (a link itself, not its target).</summary>
    public static (int Uid, int Gid, int Mode) Owner(string path)
    {
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        stat st;
        fixed (byte* p = name)
        {
            Assert.True(LibC.lstat(p, &st) == 0, $"lstat {path}: errno {LibC.errno}");
        }

        return ((int)(uint)st.st_uid, (int)(uint)st.st_gid, (int)(uint)st.st_mode & 0xFFF);
    }

    /// <summary>Gives <paramref name="path"/> to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void Chown(string path, int uid, int gid)
    {
        byte[] name = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = name)
        {
            Assert.True(LibC.lchown(p, (uint)uid, (uint)gid) == 0, $"lchown {path}: errno {LibC.errno}");
        }
    }

    /// <summary>The four uids (real, effective, saved, filesystem) of a process, from /proc/PID/status; null once it is gone.</summary>
    public static int[]? Uids(int processId) => Ids(processId, "Uid:");

    /// <summary>The four gids of a process; null once it is gone.</summary>
    public static int[]? Gids(int processId) => Ids(processId, "Gid:");

    /// <summary>A line of /proc/PID/status after its name ("CapEff:", "Groups:"); null once the process is gone.</summary>
    public static string? Status(int processId, string field)
    {
        try
        {
            return File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status")
                .FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal))?[field.Length..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process's name (/proc/PID/comm); null once it is gone.</summary>
    public static string? Name(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process's command line, its words joined by spaces (/proc/PID/cmdline); empty once it is gone.</summary>
    public static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cmdline").TrimEnd('\0').Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int[]? Ids(int processId, string field) =>
        Status(processId, field)?.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
}
