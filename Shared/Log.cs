namespace GuiVirt;

/// <summary>
/// One line per event worth knowing, on standard error, with its level, after the program's name.
/// The daemon never logs a qube's message body. One implementation, compiled into the daemon and
/// the agent (linked from Shared/, as neither may reference the other).
/// </summary>
/// <remarks>
/// Under journald (systemd's <c>JOURNAL_STREAM</c> names our standard error) a line starts with its
/// syslog priority, <c>&lt;6&gt;guivirt: ...</c>, which journald takes as the entry's level and
/// time-stamps itself (sd-daemon(3)). Anywhere else a line carries its own UTC time stamp and level
/// word: <c>2026-12-02T13:45:29.123Z info guivirt: ...</c>. Debug lines are written only with
/// <see cref="Verbose"/> (<c>--verbose</c>).
/// </remarks>
internal static class Log
{
    private static readonly bool UnderJournal = StandardErrorIsJournal(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    /// <summary>The name each line starts with: "guivirt" unless the program says otherwise at its start.</summary>
    public static string Program { get; set; } = "guivirt";

    /// <summary>Whether debug lines are written (<c>--verbose</c>).</summary>
    public static bool Verbose { get; set; }

    /// <summary>What helps to find a fault; written only with <see cref="Verbose"/>.</summary>
    public static void Debug(string message)
    {
        if (Verbose)
        {
            Write(LogLevel.Debug, message);
        }
    }

    /// <summary>What happened, as expected.</summary>
    public static void Info(string message) => Write(LogLevel.Info, message);

    /// <summary>Something was refused, left out or degraded; the program goes on.</summary>
    public static void Warning(string message) => Write(LogLevel.Warning, message);

    /// <summary>Something failed that the user must act on (or a bug).</summary>
    public static void Error(string message) => Write(LogLevel.Error, message);

    /// <summary>
    /// The text written for <paramref name="message"/>: every line of it (an exception's stack trace
    /// has several) gets the prefix, so no line is without its level.
    /// </summary>
    public static string Format(LogLevel level, string message, DateTime utcNow, bool underJournal, string program)
    {
        string prefix = underJournal
            ? $"<{SyslogPriority(level)}>{program}: "
            : $"{utcNow:yyyy-MM-ddTHH:mm:ss.fff}Z {Word(level)} {program}: ";
        var text = new System.Text.StringBuilder();
        foreach (string line in message.Split('\n'))
        {
            text.Append(prefix).Append(line.TrimEnd('\r')).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether standard error is journald's stream: <c>JOURNAL_STREAM</c> (device:inode, set by
    /// systemd for a service) names the very socket on descriptor 2. A child that inherited the
    /// variable but writes elsewhere (a terminal, a file, a test's pipe) keeps its own time stamps.
    /// </summary>
    internal static bool StandardErrorIsJournal(string? journalStream)
    {
        if (journalStream is null || journalStream.Split(':') is not [_, var inode] || inode.Length == 0)
        {
            return false;
        }

        try
        {
            // /proc/self/fd/2 of a socket reads "socket:[INODE]"; of a pipe "pipe:[INODE]"; of a file its path.
            string? target = new FileInfo("/proc/self/fd/2").LinkTarget;
            return target == $"socket:[{inode}]";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no /proc (inside some sandboxes): a time stamp too many is harmless
        }
    }

    private static void Write(LogLevel level, string message) =>
        Console.Error.Write(Format(level, message, DateTime.UtcNow, UnderJournal, Program));

    private static string Word(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Warning => "warning",
        _ => "error",
    };

    // syslog(3) priorities, as journald reads them from a line's "<N>" prefix.
    private static int SyslogPriority(LogLevel level) => level switch
    {
        LogLevel.Debug => 7,
        LogLevel.Info => 6,
        LogLevel.Warning => 4,
        _ => 3,
    };
}
