using System.Globalization;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The bubblewrap command line of a qube. Everything the qube can see is listed here: the host's
/// system folders read-only, its own home read-write, its own agent socket, the guivirt programs
/// read-only, and fresh /tmp, /run, /proc and /dev. Nothing else of the host exists inside.
/// </summary>
internal static class BwrapArguments
{
    /// <summary>The user the qube's programs run as, inside its own user namespace.</summary>
    public const int InsideUid = 1000;

    public const string InsideHome = "/home/user";

    /// <summary>fc-cache's system cache (Debian's fontconfig), shared read-only with every qube.</summary>
    public const string FontCache = "/var/cache/fontconfig";

    /// <summary>
    /// The arguments after "bwrap", ending with the init and its parameters. bwrap reads the qube's
    /// system-call filter (<see cref="Seccomp.SyscallFilter"/>) from descriptor <paramref name="seccompFd"/>.
    /// </summary>
    public static IReadOnlyList<string> For(SandboxSpec spec, string agentDirectory, string dotnetRoot, int seccompFd)
    {
        string uid = InsideUid.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            // Namespaces: user, ipc, pid, uts, cgroup and network. The network one is what keeps the
            // host X server out: its abstract socket @/tmp/.X11-unix/X* is per network namespace and
            // would be reachable through any private /tmp.
            "--unshare-all",
            "--unshare-user", "--uid", uid, "--gid", uid,
            // The qube dies with the daemon, and cannot reach the daemon's terminal (TIOCSTI).
            "--die-with-parent",
            "--new-session",
            // When the daemon runs as root, its capabilities must not follow into the qube.
            "--cap-drop", "ALL",
            // Applied to the sandbox's pid 1 and to the init just before they run: everything in the qube is filtered.
            "--seccomp", seccompFd.ToString(CultureInfo.InvariantCulture),
            "--hostname", spec.QubeName,
            // The daemon's environment (DISPLAY of the host, XAUTHORITY, tokens...) stays outside.
            "--clearenv",
            "--setenv", "PATH", HostPrograms.InsidePath,
            "--setenv", "LANG", "C.UTF-8",
            "--setenv", "HOME", InsideHome,
            "--setenv", "USER", "user",
            "--setenv", "DISPLAY", ":0",
            "--setenv", "DOTNET_ROOT", dotnetRoot,
            "--ro-bind", "/usr", "/usr",
        };

        // Debian with merged /usr has /bin, /lib... as symlinks into /usr; older layouts have folders.
        foreach (string top in (string[])["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"])
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, top]);
            }
            else if (Directory.Exists(top))
            {
                arguments.AddRange(["--ro-bind", top, top]);
            }
        }

        arguments.AddRange(["--ro-bind", "/etc", "/etc"]);

        // When the daemon runs as root, the qube's user maps to host root and could read root-only
        // files under /etc: the secrets among them are hidden behind empty ones.
        foreach (string secret in (string[])["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers"])
        {
            if (File.Exists(secret))
            {
                arguments.AddRange(["--ro-bind", "/dev/null", secret]);
            }
        }

        foreach (string secrets in (string[])["/etc/ssh", "/etc/ssl/private", "/etc/sudoers.d"])
        {
            if (Directory.Exists(secrets))
            {
                arguments.AddRange(["--tmpfs", secrets]);
            }
        }

        arguments.AddRange([
            "--proc", "/proc",
            "--dev", "/dev",
            "--tmpfs", "/tmp",
            "--tmpfs", "/run",
            // Only this qube's home and only this qube's socket: other qubes' files and sockets
            // are not in the sandbox at all.
            "--bind", spec.HomeDirectory, InsideHome,
            "--bind", spec.AgentSocketPath, QubeInit.AgentSocket,
            "--ro-bind", agentDirectory, QubeInit.ProgramDirectory,
        ]);

        if (!dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
        {
            arguments.AddRange(["--ro-bind", dotnetRoot, dotnetRoot]); // a runtime installed outside /usr
        }

        // The system's font cache, read-only. It indexes the fonts under /usr, which the qube sees
        // anyway, and holds nothing of the host's users. Without it every new qube's first app
        // rebuilds the whole cache in the qube's home: seconds of CPU (5 s on a busy 2-core
        // machine) before the app shows a window.
        if (Directory.Exists(FontCache))
        {
            arguments.AddRange(["--ro-bind", FontCache, FontCache]);
        }

        arguments.AddRange([
            "--chdir", InsideHome,
            "--",
            "/bin/sh", "-c", QubeInit.Script, "guivirt-init",
            spec.ScreenWidth.ToString(CultureInfo.InvariantCulture),
            spec.ScreenHeight.ToString(CultureInfo.InvariantCulture),
            Path.Combine(dotnetRoot, "dotnet"),
        ]);
        return arguments;
    }
}
