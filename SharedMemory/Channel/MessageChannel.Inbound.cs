using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>Receiving: bytes into one fixed buffer, descriptors into a short queue, framing by <see cref="MessageReader"/>.</summary>
public sealed partial class MessageChannel
{
    /// <summary>
    /// Most received descriptors held before the messages they belong to are read. Receiving
    /// pauses at this bound, so a peer cannot make us hold many open files.
    /// </summary>
    internal const int MaxQueuedFds = 4;

    // One largest message fits, and a whole message is all the reader ever needs at once.
    private readonly byte[] _inbound = new byte[MessageReader.MaxMessageSize];
    private readonly Queue<SafeFileHandle> _inboundFds = new();
    private readonly List<SafeFileHandle> _justReceived = new(SocketMessages.MaxFdsPerReceive);
    private int _start;
    private int _end;
    private bool _peerClosed;

    /// <summary>Descriptors received and not yet claimed by a message.</summary>
    public int QueuedFds => _inboundFds.Count;

    /// <summary>Bytes received and not yet consumed; for the headerless version handshake.</summary>
    public ReadOnlySpan<byte> Pending => _inbound.AsSpan(_start, _end - _start);

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="Pending"/> as used (after the handshake).</summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>
    /// Waits until something arrives and buffers it. False once the peer has closed cleanly
    /// (between messages). Throws <see cref="ProtocolViolationException"/> when it closed in the
    /// middle of a message or left descriptors no message claimed.
    /// </summary>
    public async ValueTask<bool> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            switch (ReceiveAvailable())
            {
                case ReceiveStatus.Received:
                    return true;
                case ReceiveStatus.Closed:
                    if (_end > _start)
                    {
                        throw Violation(ProtocolViolation.TruncatedMessage);
                    }

                    if (_inboundFds.Count > 0)
                    {
                        throw Violation(ProtocolViolation.UnexpectedFd);
                    }

                    return false;
                default:
                    // A zero-byte receive completes when data (or the end of the stream) is
                    // there, without taking any of it: .NET's own epoll does the waiting.
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// Buffers whatever is there now, without waiting, until the buffer or the descriptor queue
    /// is full. Read messages after <see cref="ReceiveStatus.Received"/> before receiving again.
    /// </summary>
    public ReceiveStatus ReceiveAvailable()
    {
        if (_peerClosed)
        {
            return ReceiveStatus.Closed;
        }

        bool any = false;
        while (_inboundFds.Count < MaxQueuedFds && MakeRoom())
        {
            var outcome = SocketMessages.Receive(_socket.SafeHandle, _inbound.AsSpan(_end), _justReceived, out bool controlTruncated);
            foreach (SafeFileHandle fd in _justReceived)
            {
                _inboundFds.Enqueue(fd); // owned by the queue now, closed on Dispose if never claimed
            }

            _justReceived.Clear();
            if (controlTruncated)
            {
                // More descriptors in one send than any message carries.
                throw Violation(ProtocolViolation.UnexpectedFd);
            }

            if (outcome.WouldBlock)
            {
                return any ? ReceiveStatus.Received : ReceiveStatus.WouldBlock;
            }

            if (outcome.Bytes == 0 || outcome.Errno == LibC.ECONNRESET)
            {
                _peerClosed = true;
                return any ? ReceiveStatus.Received : ReceiveStatus.Closed;
            }

            if (outcome.Bytes < 0)
            {
                Errno.Throw("recvmsg", outcome.Errno);
            }

            _end += (int)outcome.Bytes;
            any = true;
        }

        // Full buffer or full descriptor queue: the caller reads messages, which makes room.
        return ReceiveStatus.Received;
    }

    /// <summary>
    /// Frames the next whole message and pairs it with its descriptor. False when more bytes are
    /// needed. Throws <see cref="ProtocolViolationException"/> for a malformed header, a missing
    /// descriptor, or descriptors that no message can claim.
    /// </summary>
    public bool TryReadMessage(out ReceivedMessage message)
    {
        ReadOnlySpan<byte> pending = Pending;
        if (!MessageReader.TryReadMessage(pending, Peer, out MessageHeader header))
        {
            RefuseUnclaimedFds(pending);
            message = default;
            return false;
        }

        SafeFileHandle? fd = null;
        if (MessageTypes.FdCount(header.Type) == 1 && !_inboundFds.TryDequeue(out fd))
        {
            // The sender attaches the descriptor to its message's bytes, so by the message's
            // last byte it has arrived; if not, it was never sent.
            throw Violation(ProtocolViolation.MissingFd, header);
        }

        message = new ReceivedMessage(header, MessageReader.Body(pending, header), fd);
        Consume(MessageHeader.Size + header.BodyLength);
        return true;
    }

    /// <summary>Reads the next message from an agent and hands it, validated, to <paramref name="handler"/>.</summary>
    public bool TryDispatch(IMessagesFromAgent handler)
    {
        if (Peer != PeerRole.Agent)
        {
            throw new InvalidOperationException("this channel reads from the daemon");
        }

        if (!TryReadMessage(out ReceivedMessage message))
        {
            return false;
        }

        try
        {
            MessageDispatcher.DispatchFromAgent(message.Header, message.UntrustedBody, message.UntrustedFd, handler);
        }
        catch (ProtocolViolationException e) when (e.Header is null)
        {
            // A handler's own (stateful) refusal: name the message it refused, for the log.
            throw new ProtocolViolationException(e.Violation, message.Header);
        }

        return true;
    }

    /// <summary>Reads the next message from the daemon and hands it, validated, to <paramref name="handler"/>.</summary>
    public bool TryDispatch(IMessagesFromDaemon handler)
    {
        if (Peer != PeerRole.Daemon)
        {
            throw new InvalidOperationException("this channel reads from an agent");
        }

        if (!TryReadMessage(out ReceivedMessage message))
        {
            return false;
        }

        MessageDispatcher.DispatchFromDaemon(message.Header, message.UntrustedBody, handler, message.UntrustedFd);
        return true;
    }

    /// <summary>
    /// Between messages, the only descriptors we may hold are those of the partial message at the
    /// head of the buffer: one if its header says so or is not complete yet, otherwise none.
    /// Anything more was sent without a message to carry it: closed, and a violation.
    /// </summary>
    private void RefuseUnclaimedFds(ReadOnlySpan<byte> pending)
    {
        int claimable = pending.Length == 0 ? 0
            : MessageReader.TryReadHeader(pending, Peer, out MessageHeader partial) ? MessageTypes.FdCount(partial.Type)
            : Limits.MaxFdsPerMessage;
        if (_inboundFds.Count > claimable)
        {
            DisposeInboundFds();
            throw Violation(ProtocolViolation.UnexpectedFd);
        }
    }

    /// <summary>Moves unread bytes to the front when the tail is full; false when the buffer is full.</summary>
    private bool MakeRoom()
    {
        if (_end < _inbound.Length)
        {
            return true;
        }

        if (_start == 0)
        {
            return false;
        }

        Buffer.BlockCopy(_inbound, _start, _inbound, 0, _end - _start);
        _end -= _start;
        _start = 0;
        return true;
    }

    private void DisposeInboundFds()
    {
        while (_inboundFds.TryDequeue(out SafeFileHandle? fd))
        {
            fd.Dispose();
        }
    }
}
