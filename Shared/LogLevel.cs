namespace GuiVirt;

/// <summary>How much a log line matters; see <see cref="Log"/>.</summary>
internal enum LogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
