using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.SharedMemory.Tests.Channel;

/// <summary>Drives a channel's receive loop as the daemon's per-qube task does, with a timeout.</summary>
internal static class ChannelReading
{
    /// <summary>A token that cancels after <paramref name="seconds"/>: every wait on a channel here has a deadline.</summary>
    public static CancellationToken Deadline(double seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Receives and dispatches until <paramref name="done"/> says so or the peer closes.</summary>
    public static async Task ReadUntilAsync(MessageChannel channel, IMessagesFromAgent handler, Func<bool> done, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        // Dispatch first: bytes may already be buffered (after the handshake, for instance).
        do
        {
            while (channel.TryDispatch(handler))
            {
            }
        }
        while (!done() && await channel.ReceiveAsync(timeout.Token));
    }

    /// <summary>The violation the channel raises when reading everything there is, or None.</summary>
    public static async Task<ProtocolViolation> ViolationAsync(MessageChannel channel, IMessagesFromAgent handler)
    {
        try
        {
            await ReadUntilAsync(channel, handler, () => false, timeoutSeconds: 10);
            return ProtocolViolation.None;
        }
        catch (ProtocolViolationException e)
        {
            return e.Violation;
        }
    }
}
