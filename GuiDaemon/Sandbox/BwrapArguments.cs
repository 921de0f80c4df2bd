using System.Globalization;
using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The bubblewrap command line of a qube. Everything the qube can see is listed here: the host's
/// system folders read-only, its own home read-write, its own agent socket, the guivirt programs
/// read-only, and fresh /tmp, /run, /proc and /dev; its own /etc/passwd and /etc/group
/// (<see cref="QubeAccount"/>). Nothing else of the host exists inside.
/// </summary>
internal static class BwrapArguments
{
    /// <summary>fc-cache's system cache (Debian's fontconfig), shared read-only with every qube.</summary>
    public const string FontCache = "/var/cache/fontconfig";

    /// <summary>Size of the qube's /run: it holds the agent socket's mount point and little else.</summary>
    private const string RunBytes = "16777216";

    /// <summary>
    /// The arguments after "bwrap", ending with the init and its parameters. The qube's home and
    /// socket are taken from <paramref name="spec"/>, the programs from <paramref name="agentDirectory"/>
    /// and the runtime from <paramref name="dotnetSource"/>, shown at <paramref name="dotnetRoot"/>
    /// (the source differs when a root daemon stages them, see <see cref="SandboxCommand"/>); both
    /// null for the native agent, which needs no runtime: then none is in the qube beyond /usr. bwrap
    /// reads the qube's system-call filter (<see cref="Seccomp.SyscallFilter"/>) and its user
    /// database (and a qube with a network its resolv.conf) from the descriptors in <paramref name="descriptors"/>.
    /// </summary>
    public static IReadOnlyList<string> For(SandboxSpec spec, string agentDirectory, string? dotnetRoot, string? dotnetSource, SandboxDescriptors descriptors)
    {
        string uid = QubeAccount.Uid.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>
        {
            // Namespaces: user, ipc, pid, uts, cgroup and network. The network one is what keeps the
            // host X server out: its abstract socket @/tmp/.X11-unix/X* is per network namespace and
            // would be reachable through any private /tmp. A qube with network "user" keeps it too:
            // its network (UserNetwork) is attached to this namespace from outside.
            "--unshare-all",
            "--unshare-user", "--uid", uid, "--gid", uid,
            // The qube dies with the daemon, and cannot reach the daemon's terminal (TIOCSTI).
            "--die-with-parent",
            "--new-session",
            // When the daemon runs as root, its capabilities must not follow into the qube.
            "--cap-drop", "ALL",
            // Applied to the sandbox's pid 1 and to the init just before they run: everything in the qube is filtered.
            "--seccomp", descriptors.Filter.ToString(CultureInfo.InvariantCulture),
            "--hostname", spec.QubeName,
            // The daemon's environment (DISPLAY of the host, XAUTHORITY, tokens...) stays outside;
            // the qube's session is built from host-decided values only.
            "--clearenv",
        };
        foreach ((string name, string value) in QubeAccount.Environment(HostPrograms.InsidePath, dotnetRoot, spec.Scale))
        {
            arguments.AddRange(["--setenv", name, value]);
        }

        arguments.AddRange(["--ro-bind", "/usr", "/usr"]);

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

        // /etc as the host has it: its secrets are root's (shadow, ssh host keys, ...), and the qube
        // never runs as root on the host (QubeUser), so file modes keep them out of reach.
        // Over it, the qube's own user database: uid 1000 is "user" whatever host user has that uid,
        // and no host account is listed.
        arguments.AddRange([
            "--ro-bind", "/etc", "/etc",
            "--ro-bind-data", descriptors.Passwd.ToString(CultureInfo.InvariantCulture), "/etc/passwd",
            "--ro-bind-data", descriptors.Group.ToString(CultureInfo.InvariantCulture), "/etc/group",
        ]);

        // Every writable tmpfs is sized (its pages count toward the qube's memory limit too): /tmp
        // and /dev/shm at tmp_mib, /run small; /dev itself, a tmpfs holding the device nodes, is
        // made read-only once /dev/shm is mounted on it.
        string tmpBytes = ((long)spec.Limits.TmpMiB << 20).ToString(CultureInfo.InvariantCulture);
        arguments.AddRange([
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", tmpBytes, "--tmpfs", "/dev/shm",
            "--remount-ro", "/dev",
            "--size", tmpBytes, "--tmpfs", "/tmp",
            "--size", RunBytes, "--tmpfs", "/run",
            // $XDG_RUNTIME_DIR: the qube user's own (bwrap makes it as that user), closed to others.
            "--perms", "0700", "--dir", QubeAccount.RuntimeDirectory,
        ]);
        if (spec.HomeDirectory is { } home)
        {
            // Only this qube's home and only this qube's socket: other qubes' files and sockets
            // are not in the sandbox at all.
            arguments.AddRange(["--bind", home, QubeAccount.Home]);
        }
        else
        {
            // A disposable qube's home: a tmpfs in the sandbox's own mount namespace, sized like its
            // /tmp, owned by the qube's user. Nothing of it is on the host's disk, and it is gone,
            // with all it held, when the sandbox ends.
            arguments.AddRange(["--perms", "0700", "--size", tmpBytes, "--tmpfs", QubeAccount.Home]);
        }

        arguments.AddRange([
            "--bind", spec.AgentSocketPath, QubeInit.AgentSocket,
            "--ro-bind", agentDirectory, QubeInit.ProgramDirectory,
        ]);
        if (spec.AppsCgroupProcs is { } appsProcs)
        {
            // One control file of the host's cgroups, not the hierarchy: the init puts each command
            // into the qube's apps cgroup with it, so the X server and the agent keep their share.
            arguments.AddRange(["--bind", appsProcs, QubeInit.AppsProcs]);
        }

        // The host's /etc/resolv.conf names the host's resolvers, which may be on the host's
        // loopback (127.0.0.53) where the qube cannot go: a qube with a network asks pasta's DNS
        // forwarder instead. After /run and /tmp, so a resolv.conf that is a link into them is bound where it points.
        if (spec.Network == QubeNetwork.User && descriptors.ResolvConf >= 0)
        {
            arguments.AddRange(["--ro-bind-data", descriptors.ResolvConf.ToString(CultureInfo.InvariantCulture), UserNetwork.ResolvConfPath()]);
        }

        if (dotnetRoot is not null && dotnetSource is not null && BindsDotnetRoot(dotnetRoot))
        {
            arguments.AddRange(["--ro-bind", dotnetSource, dotnetRoot]); // a runtime installed outside /usr
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
            "--chdir", QubeAccount.Home,
            "--",
            "/bin/sh", "-c", QubeInit.Script, "guivirt-init",
            spec.Framebuffer.Width.ToString(CultureInfo.InvariantCulture),
            spec.Framebuffer.Height.ToString(CultureInfo.InvariantCulture),
            spec.Scale.Dpi.ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{spec.ScreenWidth}x{spec.ScreenHeight}"),
        ]);

        // The agent's command: the native program itself, or the runtime's host with the agent's dll.
        arguments.AddRange(dotnetRoot is null
            ? [$"{QubeInit.ProgramDirectory}/{ProgramLocation.NativeAgent}"]
            : [Path.Combine(dotnetRoot, "dotnet"), $"{QubeInit.ProgramDirectory}/{ProgramLocation.AgentDll}"]);
        return arguments;
    }

    /// <summary>True when the runtime is outside /usr (which is bound anyway) and needs a bind of its own.</summary>
    public static bool BindsDotnetRoot(string dotnetRoot) => !dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal);
}
