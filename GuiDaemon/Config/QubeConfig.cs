namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// One qube as the host configures it: its name (which is also its socket's name) and label;
/// <paramref name="Limits"/> when the qube has its own (otherwise the configuration's <c>[limits]</c>);
/// its <paramref name="Network"/> (none unless the host says otherwise).
/// </summary>
public sealed record QubeConfig(string Name, Label Label, int? ClipboardMaxBytes = null, ResourceLimits? Limits = null, QubeNetwork Network = QubeNetwork.None, Remote.RemoteHost? Host = null)
{
    /// <summary>Names are short, ASCII letters, digits and dashes: they appear in titles and socket paths.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 31 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>
    /// A qube given as <c>NAME:LABEL</c> (`guivirt daemon --qube`); null with the reason when the
    /// name or label is not one the daemon takes.
    /// </summary>
    public static QubeConfig? ParseSpec(string spec, out string? error)
    {
        error = null;
        if (spec.Split(':') is not [var name, var labelName])
        {
            error = $"--qube '{spec}': give NAME:LABEL, such as work:blue";
            return null;
        }

        if (!IsValidName(name))
        {
            error = $"qube name '{name}': use 1 to 31 ASCII letters, digits and dashes, starting with a letter";
            return null;
        }

        if (Sandbox.DisposableQube.IsDisposableName(name))
        {
            error = $"qube name '{name}' is a disposable qube's (disp and a number): choose another";
            return null;
        }

        if (Label.TryParse(labelName) is not { } label)
        {
            error = $"qube '{name}': unknown label '{labelName}' (one of {string.Join(", ", Label.Names)})";
            return null;
        }

        return new QubeConfig(name, label);
    }
}
