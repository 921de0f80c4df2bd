namespace GuiVirt.DaemonFuzz;

/// <summary>The daemon did something the host must never see (a crash for the fuzzer, whatever the input).</summary>
public sealed class InvariantException(string message) : Exception(message);
