namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The whole command line that starts a qube's sandbox, in the order the programs exec each other:
/// 1. the cgroup's launch words (<see cref="Cgroups.CgroupJoin"/>, or systemd-run), so that all of
///    the qube is under its limits from its first process;
/// 2. when the daemon is root, the stage (<see cref="UserStage"/>): a staging bwrap (still root,
///    nothing of the qube runs in it) that shows the qube's home, socket and programs, and setpriv,
///    which drops to the qube's user (<see cref="QubeUser"/>);
/// 3. the qube's bwrap (<see cref="BwrapArguments"/>).
/// </summary>
internal static class SandboxCommand
{
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

        var home = new UserStage.Bind(spec.HomeDirectory ?? "", "home", Writable: true);
        var socket = new UserStage.Bind(spec.AgentSocketPath, "agent.sock", Writable: true);
        var agent = new UserStage.Bind(agentDirectory, "agent", Writable: false);
        var dotnet = new UserStage.Bind(dotnetRoot ?? "", "dotnet", Writable: false);
        bool stagesDotnet = dotnetRoot is not null && BwrapArguments.BindsDotnetRoot(dotnetRoot);
        List<UserStage.Bind> binds = [socket, agent];
        if (spec.HomeDirectory is not null)
        {
            binds.Add(home); // a disposable's home is a tmpfs made by the qube's bwrap
        }

        if (stagesDotnet)
        {
            binds.Add(dotnet);
        }

        command.AddRange(UserStage.Words(user, binds));
        command.Add(bwrap);
        SandboxSpec staged = spec with { HomeDirectory = spec.HomeDirectory is null ? null : home.StagedPath, AgentSocketPath = socket.StagedPath };
        command.AddRange(BwrapArguments.For(staged, agent.StagedPath, dotnetRoot, stagesDotnet ? dotnet.StagedPath : dotnetRoot, descriptors));
        return command;
    }
}
