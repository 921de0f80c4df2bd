namespace GuiVirt.Protocol;

/// <summary>
/// Thrown when a peer sent something malformed. Caught in exactly one place per connection,
/// which logs <see cref="Violation"/> with the header (never the body) and disconnects the peer.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>, with an optional header for the log.</summary>
    public ProtocolViolationException(ProtocolViolation violation, MessageHeader? header = null)
        : base(Describe(violation, header))
    {
        Violation = violation;
        Header = header;
    }

    /// <summary>Why the peer was refused.</summary>
    public ProtocolViolation Violation { get; }

    /// <summary>The header of the offending message, when it got that far.</summary>
    public MessageHeader? Header { get; }

    private static string Describe(ProtocolViolation violation, MessageHeader? header) =>
        header is { } h ? $"protocol violation {violation} in {h}" : $"protocol violation {violation}";
}
