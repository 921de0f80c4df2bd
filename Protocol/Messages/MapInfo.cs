using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// MAP (agent to daemon: show the window; daemon to agent: the user restored it).
/// transient_for is 0 or another window of the same qube (the daemon checks that it exists);
/// it MUST NOT name the window itself.
/// </summary>
public readonly record struct MapInfo : IMessageBody
{
    /// <summary>Creates a MAP body.</summary>
    public MapInfo(WindowId transientFor, bool overrideRedirect) => (TransientFor, OverrideRedirect) = (transientFor, overrideRedirect);

    /// <summary>The window this one is a dialog of, or <see cref="WindowId.None"/>. Still the peer's id.</summary>
    public WindowId TransientFor { get; }
    /// <summary>A menu or tooltip that asks not to be managed.</summary>
    public bool OverrideRedirect { get; }

    static MessageType IMessageBody.Type => MessageType.Map;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        var writer = new WireWriter(destination);
        writer.U32(TransientFor.Value);
        writer.U32(OverrideRedirect ? 1u : 0u);
    }
}
