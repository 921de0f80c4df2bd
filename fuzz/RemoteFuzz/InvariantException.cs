namespace GuiVirt.RemoteFuzz;

/// <summary>The importer did something it must never do, whatever the stream (a crash for the fuzzer).</summary>
public sealed class InvariantException(string message, Exception? inner = null) : Exception(message, inner);
