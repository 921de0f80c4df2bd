namespace GuiVirt.GuiDaemon;

/// <summary>One line per event worth knowing, on standard error. Never a qube's message body.</summary>
internal static class Log
{
    public static void Info(string message) => Console.Error.WriteLine($"guivirt: {message}");
}
