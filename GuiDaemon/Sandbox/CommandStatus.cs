using System.Globalization;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>What happened to a command, as the qube's init reports it.</summary>
public enum CommandState
{
    /// <summary>The program was found and started.</summary>
    Started,

    /// <summary>No such program in the qube (exit code 127, as a shell says).</summary>
    NotFound,

    /// <summary>The program exists but cannot be executed: no permission, or a directory (126).</summary>
    NotExecutable,

    /// <summary>The program ended, with <see cref="CommandStatus.ExitCode"/>.</summary>
    Exited,
}

/// <summary>
/// One line of the qube's status channel, validated: "started ID", "failed ID 126|127" or
/// "exited ID CODE" (ID 1..999999999, CODE 0..255), ASCII, single spaces, at most
/// <see cref="MaxLineBytes"/>. The channel is the init's stdout, which anything in the qube can
/// write to (the init runs as the qube's user), so a line is untrusted until <see cref="TryParse"/>
/// accepted it; nothing of it but these numbers ever reaches the daemon's messages.
/// </summary>
public readonly record struct CommandStatus(int Id, CommandState State, int ExitCode)
{
    /// <summary>The longest line accepted ("exited 999999999 255" is 20).</summary>
    public const int MaxLineBytes = 32;

    /// <summary>Parses one line (without its newline); false for anything that is not exactly one of the three forms.</summary>
    public static bool TryParse(ReadOnlySpan<byte> untrustedLine, out CommandStatus status)
    {
        status = default;
        if (untrustedLine.Length > MaxLineBytes)
        {
            return false;
        }

        // Words separated by single spaces: an empty word (two spaces, a leading or trailing one) fails its check.
        int first = untrustedLine.IndexOf((byte)' ');
        if (first < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> verb = untrustedLine[..first];
        ReadOnlySpan<byte> rest = untrustedLine[(first + 1)..];
        int second = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> untrustedId = second < 0 ? rest : rest[..second];
        bool hasCode = second >= 0;
        int code = 0;
        if (!TryNumber(untrustedId, 9, out int id) || id == 0 || (hasCode && !TryNumber(rest[(second + 1)..], 3, out code)))
        {
            return false;
        }

        CommandState? state = null;
        if (verb.SequenceEqual("started"u8) && !hasCode)
        {
            state = CommandState.Started;
        }
        else if (verb.SequenceEqual("failed"u8) && hasCode)
        {
            state = code switch { 127 => CommandState.NotFound, 126 => CommandState.NotExecutable, _ => null };
        }
        else if (verb.SequenceEqual("exited"u8) && hasCode && code <= 255)
        {
            state = CommandState.Exited;
        }

        if (state is not { } valid)
        {
            return false;
        }

        status = new CommandStatus(id, valid, code);
        return true;
    }

    /// <summary>1 to <paramref name="maxDigits"/> ASCII digits and nothing else (no sign, no space).</summary>
    private static bool TryNumber(ReadOnlySpan<byte> untrustedDigits, int maxDigits, out int value)
    {
        value = 0;
        return untrustedDigits.Length > 0 && untrustedDigits.Length <= maxDigits
            && !untrustedDigits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && int.TryParse(untrustedDigits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
