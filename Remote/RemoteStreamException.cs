namespace GuiVirt.Remote;

/// <summary>The remote stream broke a rule of docs/remote.md: the link ends, and with it this qube's windows.</summary>
public sealed class RemoteStreamException(string message) : Exception(message);
