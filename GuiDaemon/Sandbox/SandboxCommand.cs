using System.Globalization;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The whole command line that starts a qube's sandbox, in the order the programs exec each other:
/// 1. the cgroup's launch words (<see cref="Cgroups.CgroupJoin"/>, or systemd-run), so that all of
///    the qube is under its limits from its first process;
/// 2. when the daemon is root, a staging bwrap (still root, nothing of the qube runs in it) and
///    setpriv, which drops to the qube's user (<see cref="QubeUser"/>) with no groups, no
///    capabilities and no_new_privs;
/// 3. the qube's bwrap (<see cref="BwrapArguments"/>).
/// The staging step exists because the qube's bwrap runs as the qube's user and must open the
/// qube's home, socket and programs, which live below the daemon's own closed folders (a root
/// daemon's are below /root, mode 0700). The staging bwrap, in a mount namespace of its own, binds
/// exactly those under <see cref="StageDirectory"/> on a fresh tmpfs; the qube's bwrap takes them
/// from there. The daemon's folders keep their modes, so no host user can reach another qube's
/// socket or the control socket. (bubblewrap 0.10's --bind-fd would do the same with descriptors;
/// Debian 12 ships 0.8.)
/// </summary>
internal static class SandboxCommand
{
    /// <summary>Where the staging bwrap shows the qube's own files to the qube's bwrap.</summary>
    public const string StageDirectory = "/run/guivirt-stage";

    /// <param name="dotnetRoot">The runtime the agent runs on; null for the native agent, which needs none.</param>
    /// <param name="descriptors">The descriptors the qube's bwrap reads its system-call filter, user database and (with a network) resolv.conf from; inherited through the chain.</param>
    public static IReadOnlyList<string> For(SandboxSpec spec, QubeUser user, IReadOnlyList<string> launchPrefix, string agentDirectory, string? dotnetRoot, SandboxDescriptors descriptors)
    {
        string bwrap = HostPrograms.Bubblewrap();
        var command = new List<string>(launchPrefix);
        if (launchPrefix.Count > 0)
        {
            // A launcher (systemd-run) may have been given variables of its own to find its manager:
            // they stop here, so bwrap, and the qube's pid 1 after it, start with an empty environment.
            command.AddRange([HostPrograms.Find("env") ?? "/usr/bin/env", "-i"]);
        }

        if (user.IsDaemonUser)
        {
            command.Add(bwrap);
            command.AddRange(BwrapArguments.For(spec, agentDirectory, dotnetRoot, dotnetRoot, descriptors));
            return command;
        }

        string home = $"{StageDirectory}/home", socket = $"{StageDirectory}/agent.sock", agent = $"{StageDirectory}/agent";
        string? dotnetSource = dotnetRoot is not null && BwrapArguments.BindsDotnetRoot(dotnetRoot) ? $"{StageDirectory}/dotnet" : dotnetRoot;
        command.AddRange([
            bwrap,
            // The host as it is (the qube's bwrap needs /usr, /etc, /proc, /dev to set up), with a
            // tmpfs over /run for the stage: nothing of the host is changed, nothing of the qube runs here.
            "--dev-bind", "/", "/",
            "--tmpfs", "/run",
            "--perms", "0755", "--dir", StageDirectory,
            "--bind", spec.AgentSocketPath, socket,
            "--ro-bind", agentDirectory, agent,
        ]);
        if (spec.HomeDirectory is not null)
        {
            command.AddRange(["--bind", spec.HomeDirectory, home]); // a disposable's home is a tmpfs made by the qube's bwrap
        }

        if (dotnetRoot is not null && dotnetSource is not null && dotnetSource != dotnetRoot)
        {
            command.AddRange(["--ro-bind", dotnetRoot, dotnetSource]);
        }

        command.AddRange([
            "--chdir", "/",
            "--die-with-parent",
            "--",
            HostPrograms.Setpriv(),
            "--reuid", user.Uid.ToString(CultureInfo.InvariantCulture),
            "--regid", user.Gid.ToString(CultureInfo.InvariantCulture),
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--",
            // The staging bwrap sets PWD (the daemon's working folder, a host path) for its child:
            // the qube's bwrap, its pid 1, would keep it in /proc/1/environ. It starts with nothing.
            HostPrograms.Find("env") ?? "/usr/bin/env", "-i",
            bwrap,
        ]);
        command.AddRange(BwrapArguments.For(spec with { HomeDirectory = spec.HomeDirectory is null ? null : home, AgentSocketPath = socket }, agent, dotnetRoot, dotnetSource, descriptors));
        return command;
    }
}
