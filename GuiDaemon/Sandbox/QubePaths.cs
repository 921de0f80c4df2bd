using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>Where a qube's persistent state lives on the host: $XDG_DATA_HOME/guivirt/qubes/NAME/.</summary>
public static class QubePaths
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// $XDG_DATA_HOME/guivirt/qubes/NAME/home (default ~/.local/share/...), created mode 0700 if needed.
    /// This folder is bound read-write at /home/user in the qube's sandbox, and no other qube's is.
    /// </summary>
    public static string Home(string qubeName) => Home(qubeName, DataHome());

    /// <summary>The same under an explicit data folder (tests use a temporary one).</summary>
    public static string Home(string qubeName, string dataHome)
    {
        string qube = QubeFolder(qubeName, dataHome);
        string home = Path.Combine(qube, "home");
        foreach (string directory in (string[])[Path.GetDirectoryName(Path.GetDirectoryName(qube))!, Path.GetDirectoryName(qube)!, qube, home])
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, OwnerOnly);
            }
        }

        // Also tighten an existing home: another local user must not read a qube's files.
        File.SetUnixFileMode(home, OwnerOnly);
        return home;
    }

    /// <summary>
    /// $XDG_DATA_HOME/guivirt/qubes/NAME/commands.log: the output of the qube's commands, written by
    /// the daemon (<see cref="Sandbox.CommandLog"/>). Next to the qube's home, not in it, so the qube
    /// cannot reach it. Nothing is created here: <see cref="Home(string)"/> makes the folder.
    /// </summary>
    public static string CommandLog(string qubeName) => CommandLog(qubeName, DataHome());

    /// <summary>The same under an explicit data folder.</summary>
    public static string CommandLog(string qubeName, string dataHome) => Path.Combine(QubeFolder(qubeName, dataHome), "commands.log");

    private static string QubeFolder(string qubeName, string dataHome)
    {
        // The name becomes a path component: only names that cannot climb out ("..", "/") are accepted.
        if (!QubeConfig.IsValidName(qubeName))
        {
            throw new ArgumentException($"'{qubeName}' is not a valid qube name", nameof(qubeName));
        }

        return Path.Combine(dataHome, "guivirt", "qubes", qubeName);
    }

    private static string DataHome()
    {
        string? dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (dataHome is not { Length: > 0 } || !Path.IsPathRooted(dataHome))
        {
            // The XDG spec: a relative $XDG_DATA_HOME is invalid and must be ignored.
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return dataHome;
    }
}
