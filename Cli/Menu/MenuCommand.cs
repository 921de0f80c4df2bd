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
    public const string Usage = """
        usage: guivirt menu add QUBE NAME [--label COLOR] [--icon FILE.png] -- CMD [ARGS...]
               guivirt menu ls
               guivirt menu rm QUBE NAME

        add  writes a desktop-menu entry "[QUBE] NAME" that runs `guivirt run QUBE --label COLOR -- CMD`.
             COLOR is the qube's label: from --label, else from the configuration's [[qube]], else
             from the running daemon. --icon names a PNG on the host (at most 1024x1024); the entry
             gets a copy tinted to the label's colour. NAME may not hold control characters or [ ].
             An entry of the same QUBE and NAME is replaced.
        ls   lists the entries: qube, name and file.
        rm   removes the entry (and its icon).

        Entries are $XDG_DATA_HOME/applications/guivirt-QUBE-NAME.desktop (~/.local/share by default).
        """;

    public static int Run(string runtime, string[] arguments)
    {
        try
        {
            return arguments switch
            {
                [] or ["--help" or "-h"] or [_, "--help" or "-h"] => Help(),
                ["add", var qube, var name, .. var rest] => Add(runtime, qube, name, rest),
                ["ls"] => List(),
                ["rm", var qube, var name] => Remove(qube, name),
                _ => Fail($"guivirt: unknown or incomplete menu command\n{Usage}", 2),
            };
        }
        catch (MenuException e)
        {
            return Fail($"guivirt: menu: {e.Message}", 1);
        }
        catch (IOException e)
        {
            return Fail($"guivirt: menu: {e.Message}", 1);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail($"guivirt: menu: {e.Message}", 1);
        }
    }

    /// <summary>$XDG_DATA_HOME, or ~/.local/share.</summary>
    private static string DataHome =>
        Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } data && Path.IsPathRooted(data)
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");

    private static string Applications => Path.Combine(DataHome, "applications");

    private static string Icons => Path.Combine(DataHome, "guivirt", "icons");

    private static int Add(string runtime, string qube, string name, string[] rest)
    {
        string? label = null, icon = null;
        int i = 0;
        for (; i < rest.Length && rest[i] != "--"; i++)
        {
            switch (rest[i])
            {
                case "--label" when label is null && i + 1 < rest.Length:
                    label = rest[++i];
                    break;
                case "--icon" when icon is null && i + 1 < rest.Length:
                    icon = rest[++i];
                    break;
                default:
                    return Fail($"guivirt: menu add: unexpected '{rest[i]}'\n{Usage}", 2);
            }
        }

        string[] command = i + 1 < rest.Length ? rest[(i + 1)..] : [];
        if (command.Length == 0)
        {
            return Fail($"guivirt: menu add: no command after --\n{Usage}", 2);
        }

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

    private static int List()
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

    private static int Remove(string qube, string name)
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

    private static int Help()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static int Fail(string text, int code)
    {
        Console.Error.WriteLine(text);
        return code;
    }
}
