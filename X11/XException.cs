namespace GuiVirt.X11;

/// <summary>An X operation failed in a way the caller must hear about (not a routine BadWindow race).</summary>
public sealed class XException(string message) : Exception(message);
