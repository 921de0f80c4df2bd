using System.Text;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// How a command crosses the pipe into the qube's init: one line per command, its id in decimal,
/// then each argument as "a" + base64(UTF-8 bytes), separated by spaces. The line holds only
/// [A-Za-z0-9+/= ] and a newline, so the init can split it without quoting and no shell ever sees
/// an argument's text as code; the "a" keeps an empty argument a word of its own. The init names
/// the command by its id when it reports on it (<see cref="CommandStatus"/>).
/// </summary>
internal static class CommandLine
{
    /// <summary>The longest encoded command accepted (well under what a pipe buffers and sh reads in one go).</summary>
    public const int MaxLineBytes = 32 * 1024;

    /// <summary>The encoded line, newline included; ArgumentException for an empty command, a NUL (which exec cannot carry) or an oversized one.</summary>
    public static byte[] Encode(int id, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        if (command.Count == 0 || command[0].Length == 0)
        {
            throw new ArgumentException("a command needs at least a program name", nameof(command));
        }

        var line = new StringBuilder(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string argument in command)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(command));
            if (argument.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("a command argument cannot contain NUL", nameof(command));
            }

            line.Append(" a").Append(Convert.ToBase64String(new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(argument)));
        }

        line.Append('\n');
        if (line.Length > MaxLineBytes)
        {
            throw new ArgumentException($"the command is longer than {MaxLineBytes} bytes once encoded", nameof(command));
        }

        return Encoding.ASCII.GetBytes(line.ToString());
    }
}
