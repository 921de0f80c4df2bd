namespace GuiVirt.Cli.Menu;

/// <summary>A `guivirt menu` request that cannot be done; the message says why.</summary>
internal sealed class MenuException(string message) : Exception(message);
