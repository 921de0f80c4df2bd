using GuiVirt.GuiDaemon.Config;
using GuiVirt.GuiDaemon.Control;

namespace GuiVirt.Cli.Menu;

/// <summary>
/// `guivirt menu add|ls|rm`: host desktop-menu entries that start an app in a qube, like Qubes'
/// "[work] Firefox". Each entry is a file guivirt-QUBE-SLUG.desktop in the user's applications
/// folder ($XDG_DATA_HOME/applications), which desktops watch and show in their menus; its tinted
/// icon lies in $XDG_DATA_HOME/guivirt/icons under the same name.
/// </summary>
internal static class MenuCommand
{
    public const string Description = """
        Desktop-menu entries "[QUBE] NAME" that start an app in a qube, like Qubes' app menus. Entries are $XDG_DATA_HOME/applications/guivirt-QUBE-NAME.desktop (~/.local/share by default); desktops watch that folder and show them in their menus.
        """;

    public const string AddDescription = """
        Writes a desktop-menu entry "[QUBE] NAME" that runs `guivirt run QUBE --label COLOR -- CMD`. COLOR is the qube's label: from --label, else from the configuration's [[qube]], else from the running daemon. --icon names a PNG on the host (at most 1024x1024); the entry gets a copy tinted to the label's colour. NAME may not hold control characters or [ ]. An entry of the same QUBE and NAME is replaced.
        """;

    /// <summary>`menu add`: exit 0, or 1 with the reason on standard error.</summary>
    public static int Add(string runtime, string qube, string name, string? label, string? icon, string[] command) =>
        Guard(() => AddEntry(runtime, qube, name, label, icon, command));

    /// <summary>`menu ls`: the entries, one a line (qube, name, file).</summary>
    public static int List() => Guard(ListEntries);

    /// <summary>`menu rm`: the entry and its icon removed.</summary>
    public static int Remove(string qube, string name) => Guard(() => RemoveEntry(qube, name));

    // The errors a menu command expects (bad names, files it cannot read or write) end it with one line, never a trace.
    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is MenuException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"guivirt: menu: {e.Message}");
            return 1;
        }
    }

    /// <summary>$XDG_DATA_HOME, or ~/.local/share.</summary>
    private static string DataHome =>
        Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } data && Path.IsPathRooted(data)
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");

    private static string Applications => Path.Combine(DataHome, "applications");

    private static string Icons => Path.Combine(DataHome, "guivirt", "icons");

    private static int AddEntry(string runtime, string qube, string name, string? label, string? icon, string[] command)
    {
        (string id, string slug) = Check(qube, name);
        if (command[0].Length == 0)
        {
            throw new MenuException("the command's program is empty");
        }

        // Empty arguments are fine (quoted as ""); what the file cannot carry is refused.
        foreach (string argument in command.Where(a => a.Length > 0))
        {
            if (DesktopEntry.Problem("the command", argument) is { } problem)
            {
                throw new MenuException(problem);
            }
        }

        Label colour = LabelOf(runtime, qube, label);
        string? iconPath = null;
        if (icon is not null)
        {
            Directory.CreateDirectory(Icons);
            iconPath = Path.Combine(Icons, id + ".png");
            IconTint.Write(icon, colour.Color, iconPath);
        }

        string text = DesktopEntry.Render(Program(), qube, colour.Name, name, command, iconPath);
        Directory.CreateDirectory(Applications);
        string file = Path.Combine(Applications, id + ".desktop");

        // Written aside and renamed, so a menu never reads half an entry.
        string partial = file + ".partial";
        File.WriteAllText(partial, text);
        File.Move(partial, file, overwrite: true);
        Console.WriteLine($"{file}: [{qube}] {name}");
        return 0;
    }

    private static int ListEntries()
    {
        if (!Directory.Exists(Applications))
        {
            return 0;
        }

        foreach (string file in Directory.GetFiles(Applications, "guivirt-*.desktop").Order(StringComparer.Ordinal))
        {
            string text = File.ReadAllText(file);
            if (DesktopEntry.Value(text, DesktopEntry.QubeKey) is { } qube && DesktopEntry.Value(text, "Name") is { } name)
            {
                Console.WriteLine($"{qube,-20} {name,-40} {file}");
            }
        }

        return 0;
    }

    private static int RemoveEntry(string qube, string name)
    {
        (string id, _) = Check(qube, name);
        string file = Path.Combine(Applications, id + ".desktop");
        if (!File.Exists(file))
        {
            throw new MenuException($"there is no entry [{qube}] {name} ({file})");
        }

        File.Delete(file);
        string icon = Path.Combine(Icons, id + ".png");
        if (File.Exists(icon))
        {
            File.Delete(icon);
        }

        Console.WriteLine($"removed {file}");
        return 0;
    }

    /// <summary>The entry's file name without extension, guivirt-QUBE-SLUG, once QUBE and NAME are known to be safe.</summary>
    private static (string Id, string Slug) Check(string qube, string name)
    {
        // A qube name is letters, digits and dashes (QubeConfig): it can go into a file name and a title as it is.
        if (!QubeConfig.IsValidName(qube))
        {
            throw new MenuException($"'{qube}' is not a qube name (1 to 31 ASCII letters, digits and dashes, starting with a letter)");
        }

        if (DesktopEntry.Problem("the name", name) is { } problem)
        {
            throw new MenuException(problem);
        }

        // The daemon's [QUBE] is the one bracketed part of the entry's name: a NAME like "[personal] x" would read as another qube's.
        if (name.Contains('[') || name.Contains(']'))
        {
            throw new MenuException("the name may not contain [ or ]: the entry is named [QUBE] NAME, and only the qube goes in brackets");
        }

        if (name.Length > DesktopEntry.MaxNameLength)
        {
            throw new MenuException($"the name is longer than {DesktopEntry.MaxNameLength} characters");
        }

        string slug = DesktopEntry.Slug(name);
        if (slug.Length == 0)
        {
            throw new MenuException($"the name '{name}' has no letter or digit to name its file by");
        }

        return ($"guivirt-{qube}-{slug}", slug);
    }

    /// <summary>The qube's label: as given, else the configuration's, else the running daemon's.</summary>
    private static Label LabelOf(string runtime, string qube, string? given)
    {
        if (given is not null)
        {
            return Label.TryParse(given) ?? throw new MenuException($"unknown label '{given}' (one of {string.Join(", ", Label.Names)})");
        }

        try
        {
            if (ConfigFile.Load(ConfigFile.DefaultPath, mustExist: false).Qubes.FirstOrDefault(q => q.Name == qube) is { } configured)
            {
                return configured.Label;
            }
        }
        catch (ConfigException e)
        {
            throw new MenuException($"{ConfigFile.DefaultPath}: {e.Message}");
        }

        try
        {
            ControlResponse response = ControlClient.Send(runtime, new ControlRequest("ls"), TimeSpan.FromSeconds(5));
            if (response.Qubes?.FirstOrDefault(q => q.Name == qube) is { } known && Label.TryParse(known.Label) is { } label)
            {
                return label;
            }
        }
        catch (ControlException)
        {
            // No daemon running: the message below says what to do.
        }

        throw new MenuException($"the label of qube '{qube}' is not known (not in the configuration nor in the running daemon): give --label COLOR ({string.Join(", ", Label.Names)})");
    }

    /// <summary>
    /// The guivirt the entry starts: this very executable when it is the installed native one (a
    /// desktop's PATH may lack ~/.local/bin), else `guivirt` from the PATH.
    /// </summary>
    private static string Program() =>
        Environment.ProcessPath is { } path && Path.GetFileName(path) == "guivirt" ? path : "guivirt";
}
