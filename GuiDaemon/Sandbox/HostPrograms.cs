using System.Runtime.InteropServices;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The host programs a sandbox is built from. Each is looked up before anything starts, so a
/// missing one is reported with the Debian package that provides it instead of as a bwrap error.
/// </summary>
public static class HostPrograms
{
    /// <summary>PATH inside the qube. Every entry lies under /usr or one of its Debian aliases, which are bound read-only from the host.</summary>
    public const string InsidePath = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";

    /// <summary>The bwrap executable of the host.</summary>
    public static string Bubblewrap() =>
        Find("bwrap") ?? throw new SandboxException("bwrap (bubblewrap) is not installed: install the Debian package bubblewrap");

    /// <summary>setpriv, which starts a qube's sandbox as the qube's user when the daemon is root.</summary>
    internal static string Setpriv() =>
        Find("setpriv") ?? throw new SandboxException("setpriv is not installed: install the Debian package util-linux");

    /// <summary>pasta, the user-mode network of a qube with network "user" (<see cref="UserNetwork"/>).</summary>
    internal static string Pasta() =>
        Find("pasta") ?? throw new SandboxException("pasta is not installed (a qube with network \"user\" needs it): install the Debian package passt");

    /// <summary>A program on the daemon's PATH or in the system's bin folders (sudo and services may have a short PATH); null when there is none.</summary>
    internal static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathRooted)
            .Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(IsExecutable);

    /// <summary>Xvfb as the qube will find it on its PATH (the same files as on the host, read-only).</summary>
    public static void RequireXvfb()
    {
        if (!InsidePath.Split(':').Any(directory => IsExecutable(Path.Combine(directory, "Xvfb"))))
        {
            throw new SandboxException("Xvfb is not installed: install the Debian package xvfb");
        }
    }

    /// <summary>xrdb as the qube will find it: a scaled qube's init writes Xft.dpi with it.</summary>
    public static void RequireXrdb()
    {
        if (!InsidePath.Split(':').Any(directory => IsExecutable(Path.Combine(directory, "xrdb"))))
        {
            throw new SandboxException("xrdb is not installed (a qube with scale above 1 needs it): install the Debian package x11-xserver-utils");
        }
    }

    /// <summary>
    /// The folder of the dotnet host that runs this daemon, so the agent inside runs on the very same
    /// runtime. The runtime assemblies live in ROOT/shared/Microsoft.NETCore.App/VERSION/.
    /// </summary>
    public static string DotnetRoot()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'));
        string? root = runtime.Parent?.Parent?.Parent?.FullName;
        foreach (string? candidate in (string?[])[root, Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/usr/share/dotnet", "/usr/lib/dotnet"])
        {
            if (candidate is { Length: > 0 } && Path.IsPathRooted(candidate) && IsExecutable(Path.Combine(candidate, "dotnet")))
            {
                return Path.TrimEndingDirectorySeparator(candidate);
            }
        }

        throw new SandboxException("no dotnet host found to run the agent in the qube: install the .NET 10 runtime (Debian package dotnet-runtime-10.0)");
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
