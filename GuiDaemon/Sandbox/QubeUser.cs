using System.Diagnostics;
using System.Globalization;
using Tmds.Linux;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The host user a qube's processes run as. A daemon run by a normal user runs its qubes as that
/// user (bubblewrap maps it to uid 1000 inside). A daemon run as root never runs them as root:
/// inside, uid 1000 would map to host root, and every root-only file the sandbox shows (/etc
/// holds several) would be readable. Instead its qubes run as the user who ran sudo (SUDO_UID and
/// SUDO_GID), or else as the system user "guivirt", created on first use. That uid owns the qube's
/// home and socket and nothing else of the daemon's.
/// </summary>
internal sealed record QubeUser(int Uid, int Gid, string Name)
{
    /// <summary>The system user created for qubes of a root daemon when no sudo user is known.</summary>
    public const string SystemUserName = "guivirt";

    private static readonly Lock s_lock = new();
    private static QubeUser? s_current;

    /// <summary>True when the daemon runs as root (effective uid 0).</summary>
    public static bool DaemonIsRoot => LibC.geteuid() == 0;

    /// <summary>True when this is the daemon's own user: the sandbox starts without switching users.</summary>
    public bool IsDaemonUser => !DaemonIsRoot;

    /// <summary>The user qubes of this daemon run as, found (and when needed created) once.</summary>
    public static QubeUser Current
    {
        get
        {
            lock (s_lock)
            {
                // Not a Lazy: a failure (useradd missing) is reported each time, not cached forever.
                return s_current ??= Resolve();
            }
        }
    }

    public override string ToString() => $"{Name} (uid {Uid.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>
    /// The choice itself: a normal user's daemon uses its own user; root uses a valid, non-root
    /// SUDO_UID with SUDO_GID; otherwise <paramref name="systemUser"/>.
    /// </summary>
    internal static QubeUser Choose(bool daemonIsRoot, int daemonUid, int daemonGid, string? sudoUid, string? sudoGid, Func<QubeUser> systemUser)
    {
        if (!daemonIsRoot)
        {
            return new QubeUser(daemonUid, daemonGid, Environment.UserName);
        }

        // sudo sets these to the invoking user; uid 0 (root running sudo) would defeat the purpose.
        if (int.TryParse(sudoUid, NumberStyles.None, CultureInfo.InvariantCulture, out int uid) && uid > 0
            && int.TryParse(sudoGid, NumberStyles.None, CultureInfo.InvariantCulture, out int gid) && gid > 0)
        {
            return new QubeUser(uid, gid, Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } name ? name : $"uid {uid}");
        }

        return systemUser();
    }

    private static QubeUser Resolve() => Choose(
        DaemonIsRoot,
        checked((int)(uint)LibC.geteuid()),
        checked((int)(uint)LibC.getegid()),
        Environment.GetEnvironmentVariable("SUDO_UID"),
        Environment.GetEnvironmentVariable("SUDO_GID"),
        SystemUser);

    /// <summary>
    /// Gives the qube's home (all of it) and its agent socket to this user, when it is not the
    /// daemon's. The folders above them stay the daemon's and closed (0700): no other host user,
    /// this one included, can reach the sockets of other qubes or the daemon's control socket, and
    /// the qube reaches its own only through the sandbox (see <see cref="SandboxCommand"/>). The
    /// socket stays mode 0600: the qube's agent can connect, nobody else but root.
    /// </summary>
    public void Own(string? home, string agentSocket)
    {
        if (IsDaemonUser)
        {
            return;
        }

        string chown = HostPrograms.Find("chown") ?? throw new SandboxException("chown is not installed: install the Debian package coreutils");
        string owner = $"{Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}";
        // All of the home: what a qube of an earlier version (which ran as root) wrote is root's.
        // -R -h never follows a symbolic link, and GNU chown walks the tree relative to folders it
        // holds open, so a link swapped in meanwhile could not send it outside the home.
        // A disposable qube has no home on the host (null): only its socket is given.
        string[][] changes = home is null ? [["-h", owner, "--", agentSocket]] : [["-R", "-h", owner, "--", home], ["-h", owner, "--", agentSocket]];
        foreach (string[] arguments in changes)
        {
            (int code, string output) = RunTool(chown, arguments);
            if (code != 0)
            {
                throw new SandboxException($"cannot give {arguments[^1]} to the qube's user {this}: {output.Trim()}");
            }
        }
    }

    /// <summary>
    /// Gives one file to the qube's user: the cgroup.procs file of the qube's apps cgroup, which
    /// the qube's init writes. Writing a pid there moves only a process of the writer's own pid
    /// namespace (the qube's) and of its own uid, into a cgroup inside the qube's limits.
    /// </summary>
    public void OwnFile(string path)
    {
        if (IsDaemonUser)
        {
            return;
        }

        string chown = HostPrograms.Find("chown") ?? throw new SandboxException("chown is not installed: install the Debian package coreutils");
        (int code, string output) = RunTool(chown, "-h", $"{Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}", "--", path);
        if (code != 0)
        {
            throw new SandboxException($"cannot give {path} to the qube's user {this}: {output.Trim()}");
        }
    }

    /// <summary>The "guivirt" system user; created (no home, no login shell, a group of its own) when it does not exist yet.</summary>
    private static QubeUser SystemUser()
    {
        if (Lookup(SystemUserName) is { } existing)
        {
            return existing;
        }

        string useradd = HostPrograms.Find("useradd")
            ?? throw new SandboxException($"the daemon runs as root and there is no user '{SystemUserName}' to run qubes as, and no useradd to create it: install the Debian package passwd, or run the daemon as a normal user");
        (int code, string output) = RunTool(useradd, "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SystemUserName);
        // Another daemon may have created it meanwhile (useradd then fails): look again either way.
        QubeUser user = Lookup(SystemUserName)
            ?? throw new SandboxException($"cannot create the system user '{SystemUserName}' to run qubes as (useradd exit {code}: {output.Trim()})");
        Log.Info($"created the system user {user} that qubes of a root daemon run as");
        return user;
    }

    /// <summary>The user's uid and gid from the system's user database (getent, so NSS sources count too).</summary>
    private static QubeUser? Lookup(string name)
    {
        string getent = HostPrograms.Find("getent") ?? throw new SandboxException("getent is not installed: install the Debian package libc-bin");
        (int code, string output) = RunTool(getent, "passwd", name);
        // name:password:uid:gid:gecos:home:shell
        return code == 0 && output.Split(':') is [_, _, var uid, var gid, ..]
            && int.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out int u) && u > 0
            && int.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out int g) && g > 0
            ? new QubeUser(u, g, name)
            : null;
    }

    /// <summary>Runs a host tool to the end; its exit code and what it printed.</summary>
    internal static (int Code, string Output) RunTool(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new SandboxException($"{program} did not start");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }
}
