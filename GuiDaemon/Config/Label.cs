namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// A qube's label: a colour from the host's configuration, never from the qube. The same eight
/// names and Tango colours as Qubes OS.
/// </summary>
public sealed record Label(string Name, uint Color)
{
    private static readonly Dictionary<string, uint> Colors = new(StringComparer.Ordinal)
    {
        ["red"] = 0xCC0000, ["orange"] = 0xF57900, ["yellow"] = 0xEDD400, ["green"] = 0x73D216,
        ["gray"] = 0x555753, ["blue"] = 0x3465A4, ["purple"] = 0x75507B, ["black"] = 0x000000,
    };

    /// <summary>The label names, for help texts and error messages.</summary>
    public static IReadOnlyCollection<string> Names => Colors.Keys;

    /// <summary>The label called <paramref name="name"/>, or null if there is none.</summary>
    public static Label? TryParse(string name) => Colors.TryGetValue(name, out uint color) ? new Label(name, color) : null;

    /// <summary>#rrggbb, as _QUBES_LABEL_COLOR and the config show it.</summary>
    public string Hex => $"#{Color:x6}";
}
