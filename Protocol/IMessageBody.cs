namespace GuiVirt.Protocol;

/// <summary>
/// A validated message body that can be written to the wire. Only this library implements it,
/// so nothing can be sent that did not pass the same checks the receiver applies.
/// </summary>
public interface IMessageBody
{
    /// <summary>The message type this body belongs to.</summary>
    static abstract MessageType Type { get; }

    /// <summary>Writes the body; <paramref name="destination"/> has exactly the type's fixed size.</summary>
    internal void WriteTo(Span<byte> destination);
}
