using GuiVirt.Protocol;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>Bounds of one <see cref="MessageChannel"/>.</summary>
public sealed class ChannelOptions
{
    /// <summary>The defaults: 1 MiB of unsent output.</summary>
    public static ChannelOptions Default { get; } = new();

    /// <summary>
    /// Most bytes waiting to be sent. A peer that stops reading fills this and is then
    /// disconnected (<see cref="ProtocolViolation.OutboundBufferFull"/>): we never wait on it and
    /// never buffer without bound. At least one largest message.
    /// </summary>
    public int OutboundLimitBytes
    {
        get;
        init => field = value >= MessageReader.MaxMessageSize
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OutboundLimitBytes), value, $"must hold one largest message ({MessageReader.MaxMessageSize} bytes)");
    } = 1 << 20;
}
