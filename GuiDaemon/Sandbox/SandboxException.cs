namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>A qube's sandbox could not be started or used; the message says what to do about it.</summary>
public sealed class SandboxException(string message) : Exception(message);
