using System.Globalization;

namespace GuiVirt.GuiDaemon.Remote;

/// <summary>
/// Where a remote qube runs: [USER@]HOST[:PORT], from the host's config or the user's `run --host`.
/// Security: every part becomes an argument of ssh, so none may start with '-' (an option) and
/// each is letters, digits, '.', '_' and '-' only: nothing ssh or a shell could read as more.
/// </summary>
public sealed record RemoteHost(string? User, string Host, int? Port)
{
    /// <summary>The host as the user wrote it.</summary>
    public override string ToString() => $"{(User is null ? "" : User + "@")}{Host}{(Port is { } port ? ":" + port.ToString(CultureInfo.InvariantCulture) : "")}";

    /// <summary>Parses [USER@]HOST[:PORT]; null with <paramref name="problem"/> when it is not one.</summary>
    public static RemoteHost? TryParse(string text, out string? problem)
    {
        problem = null;
        string rest = text;
        string? user = null;
        int at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
        }

        int? port = null;
        int colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
            {
                problem = $"host '{text}': the port after ':' must be 1 to 65535";
                return null;
            }

            port = number;
            rest = rest[..colon];
        }

        if (!IsWord(rest) || (user is not null && !IsWord(user)))
        {
            problem = $"host '{text}': give [USER@]HOST[:PORT], each of letters, digits, '.', '_' and '-', not starting with '-'";
            return null;
        }

        return new RemoteHost(user, rest, port);
    }

    private static bool IsWord(string word) =>
        word.Length is >= 1 and <= 253 && word[0] != '-' && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
