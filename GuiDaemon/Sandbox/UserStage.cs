using System.Globalization;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// How a root daemon starts a sandbox as the qubes' user (<see cref="QubeUser"/>): a staging
/// bwrap, still root and running nothing of the sandbox, binds exactly the host files the sandbox
/// needs under <see cref="Directory"/> on a fresh tmpfs; setpriv then drops to the user with no
/// groups, no capabilities and no_new_privs; and `env -i` starts what follows (the sandbox's own
/// bwrap, which takes the files from the stage) with an empty environment. The files live below
/// the daemon's own closed folders (a root daemon's are below /root, mode 0700), which keep their
/// modes, so no host user can reach another qube's socket or the control socket. (bubblewrap
/// 0.10's --bind-fd would do the same with descriptors; Debian 12 ships 0.8.)
/// </summary>
internal static class UserStage
{
    /// <summary>Where the staging bwrap shows the staged files to the sandbox's bwrap.</summary>
    public const string Directory = "/run/guivirt-stage";

    /// <summary>One host file or folder to stage, at <see cref="Directory"/>/<paramref name="Name"/>; read-only unless <paramref name="Writable"/>.</summary>
    public sealed record Bind(string HostPath, string Name, bool Writable)
    {
        /// <summary>Where the sandbox's bwrap finds it.</summary>
        public string StagedPath => $"{Directory}/{Name}";
    }

    /// <summary>
    /// The words that go before the sandbox's bwrap (itself, and its arguments naming the staged
    /// paths, follow): the staging bwrap with <paramref name="binds"/>, setpriv to
    /// <paramref name="user"/>, and env -i.
    /// </summary>
    public static List<string> Words(QubeUser user, IEnumerable<Bind> binds)
    {
        List<string> words =
        [
            HostPrograms.Bubblewrap(),
            // The host as it is (the sandbox's bwrap needs /usr, /etc, /proc, /dev to set up), with a
            // tmpfs over /run for the stage: nothing of the host is changed, nothing of the sandbox runs here.
            "--dev-bind", "/", "/",
            "--tmpfs", "/run",
            "--perms", "0755", "--dir", Directory,
        ];
        foreach (Bind bind in binds)
        {
            words.AddRange([bind.Writable ? "--bind" : "--ro-bind", bind.HostPath, bind.StagedPath]);
        }

        words.AddRange([
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
            // the sandbox's bwrap, its pid 1, would keep it in /proc/1/environ. It starts with nothing.
            HostPrograms.Find("env") ?? "/usr/bin/env", "-i",
        ]);
        return words;
    }
}
