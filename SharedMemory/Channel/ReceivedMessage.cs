using GuiVirt.Protocol;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>
/// One framed message: its validated header, its body (not yet validated: pass it to
/// <see cref="MessageDispatcher"/>), and the descriptor that travelled with it, if its type
/// carries one. The body points into the channel's buffer and is valid until the next receive.
/// </summary>
public readonly ref struct ReceivedMessage(MessageHeader header, ReadOnlySpan<byte> body, SafeFileHandle? fd)
{
    /// <summary>The header, through the stateless header checks.</summary>
    public MessageHeader Header { get; } = header;

    /// <summary>The body bytes, exactly <see cref="MessageHeader.BodyLength"/> long.</summary>
    public ReadOnlySpan<byte> UntrustedBody { get; } = body;

    /// <summary>The descriptor that came with the message (owned by the receiver now), or null.</summary>
    public SafeFileHandle? UntrustedFd { get; } = fd;
}
