using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Protocol.Tests;

/// <summary>Reads every whole message in a buffer the way a connection would, dispatching each.</summary>
internal static class StreamReading
{
    /// <summary>A stand-in descriptor for WINDOW_DUMP and CLIPBOARD_IMAGE: not a real fd and never closed.</summary>
    public static SafeFileHandle DummyFd() => new(-1, ownsHandle: false);

    /// <summary>Returns how many bytes whole messages used; throws what the reader throws.</summary>
    public static int ReadAll(ReadOnlySpan<byte> buffer, PeerRole sender, MessageRecorder handler)
    {
        int consumed = 0;
        while (MessageReader.TryReadMessage(buffer[consumed..], sender, out MessageHeader header))
        {
            ReadOnlySpan<byte> body = MessageReader.Body(buffer[consumed..], header);
            SafeFileHandle? fd = MessageTypes.FdCount(header.Type) == 1 ? DummyFd() : null;
            if (sender == PeerRole.Agent)
            {
                MessageDispatcher.DispatchFromAgent(header, body, fd, handler);
            }
            else
            {
                MessageDispatcher.DispatchFromDaemon(header, body, handler, fd);
            }

            consumed += MessageHeader.Size + header.BodyLength;
        }

        return consumed;
    }

    /// <summary>Reads one row's bytes; None when the whole message was accepted.</summary>
    public static ProtocolViolation Outcome(byte[] message, PeerRole sender, MessageRecorder handler)
    {
        try
        {
            int consumed = ReadAll(message, sender, handler);
            Assert.Equal(message.Length, consumed);
            return ProtocolViolation.None;
        }
        catch (ProtocolViolationException e)
        {
            return e.Violation;
        }
    }
}
