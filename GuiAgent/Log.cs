namespace GuiVirt.GuiAgent;

/// <summary>One line per event worth knowing, on standard error.</summary>
internal static class Log
{
    public static void Info(string message) => Console.Error.WriteLine($"guivirt-agent: {message}");
}
