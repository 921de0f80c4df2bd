namespace GuiVirt.GuiDaemon.Sandbox.Cgroups;

/// <summary>
/// How a sandbox enters its cgroup before anything of the qube runs: the daemon starts
/// <c>/bin/sh -c SCRIPT guivirt-join PROCS... -- BWRAP...</c>; the shell writes its own pid into
/// each cgroup.procs file, then execs bwrap in the same process. Every process of the qube
/// descends from it and inherits the cgroups at fork, so there is no moment at which a process of
/// the qube runs outside its limits, and nothing to race: the daemon never has to find and move
/// processes that already exist. A write that fails ends the shell (exit 125) before bwrap runs,
/// so a qube never starts without the limits it was given. The script is fixed text; the file
/// names come as positional parameters, never spliced into it.
/// </summary>
internal static class CgroupJoin
{
    public const string Shell = "/bin/sh";

    public const string Script = """
        while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
            echo "$$" > "$1" || exit 125
            shift
        done
        [ "$#" -gt 1 ] || exit 125
        shift
        exec "$@"
        """;

    /// <summary>The words in front of the sandbox's command line.</summary>
    public static IReadOnlyList<string> Prefix(IEnumerable<string> procsFiles) => [Shell, "-c", Script, "guivirt-join", .. procsFiles, "--"];
}
