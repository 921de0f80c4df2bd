namespace GuiVirt;

/// <summary>
/// One line per event worth knowing, on standard error, after the program's name. The daemon
/// never logs a qube's message body. One implementation, compiled into the daemon and the agent
/// (linked from Shared/, as neither may reference the other).
/// </summary>
internal static class Log
{
    /// <summary>The name each line starts with: "guivirt" unless the program says otherwise at its start.</summary>
    public static string Program { get; set; } = "guivirt";

    public static void Info(string message) => Console.Error.WriteLine($"{Program}: {message}");
}
