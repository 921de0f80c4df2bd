namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// One qube as the host configures it: its name (which is also its socket's name) and label;
/// <paramref name="Limits"/> when the qube has its own (otherwise the configuration's <c>[limits]</c>);
/// its <paramref name="Network"/> (none unless the host says otherwise).
/// </summary>
public sealed record QubeConfig(string Name, Label Label, int? ClipboardMaxBytes = null, ResourceLimits? Limits = null, QubeNetwork Network = QubeNetwork.None)
{
    /// <summary>Names are short, ASCII letters, digits and dashes: they appear in titles and socket paths.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 31 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
