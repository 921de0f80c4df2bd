using System.Net.Sockets;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Interop;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>
/// Sending: messages are appended to a bounded buffer and written with non-blocking sendmsg.
/// A descriptor rides on the first byte of its own message, so the receiver has it by the
/// message's last byte and never before its first.
/// </summary>
public sealed partial class MessageChannel
{
    private const int InitialOutboundBytes = 64 * 1024;

    private readonly Lock _sendLock = new();

    // Descriptors to send, with the stream position of their message's first byte. Rare (one
    // per WINDOW_DUMP), so a list is the simplest queue.
    private readonly List<(long Position, SafeFileHandle Fd)> _outboundFds = [];
    private byte[] _outbound = [];
    private int _outStart;
    private int _outEnd;
    private long _sentTotal; // stream position of _outbound[_outStart]
    private bool _peerGone;

    /// <summary>True while bytes are waiting for the peer to read them.</summary>
    public bool HasPendingOutput
    {
        get
        {
            lock (_sendLock)
            {
                return _outEnd > _outStart;
            }
        }
    }

    /// <summary>
    /// Queues a message and sends what the socket takes now. <paramref name="fd"/> is required
    /// exactly for types that carry one (WINDOW_DUMP); the channel sends its own duplicate, the
    /// caller keeps theirs. Throws <see cref="ProtocolViolationException"/>
    /// (<see cref="ProtocolViolation.OutboundBufferFull"/>) when the peer has left too much unread.
    /// </summary>
    public void Send<TBody>(WindowId window, in TBody body, SafeFileHandle? fd = null)
        where TBody : struct, IMessageBody
    {
        if ((fd is not null) != (MessageTypes.FdCount(TBody.Type) == 1))
        {
            throw new ArgumentException($"{TBody.Type} {(fd is null ? "needs" : "takes no")} file descriptor", nameof(fd));
        }

        lock (_sendLock)
        {
            Span<byte> destination = Reserve(MessageWriter.SizeOf<TBody>());
            Commit(MessageWriter.Write(destination, window, body), fd);
        }
    }

    /// <summary>Queues a message without a body (DESTROY, UNMAP, CLOSE, CLIPBOARD_REQ, DOCK, WINDOW_DUMP_ACK).</summary>
    public void SendEmpty(MessageType type, WindowId window)
    {
        lock (_sendLock)
        {
            Span<byte> destination = Reserve(MessageHeader.Size);
            Commit(MessageWriter.WriteEmpty(destination, type, window), fd: null);
        }
    }

    /// <summary>Queues CLIPBOARD_DATA.</summary>
    public void SendClipboardData(ReadOnlySpan<byte> utf8)
    {
        lock (_sendLock)
        {
            Span<byte> destination = Reserve(MessageHeader.Size + utf8.Length);
            Commit(MessageWriter.WriteClipboardData(destination, utf8), fd: null);
        }
    }

    /// <summary>Queues FILE_DATA (1 to <see cref="Limits.FileChunkBytes"/> bytes).</summary>
    public void SendFileData(ReadOnlySpan<byte> bytes)
    {
        lock (_sendLock)
        {
            Span<byte> destination = Reserve(MessageHeader.Size + bytes.Length);
            Commit(MessageWriter.WriteFileData(destination, bytes), fd: null);
        }
    }

    /// <summary>Queues WINDOW_ICON: exactly width x height x 4 bytes of ARGB, each side 1 to <see cref="Limits.MaxWindowIconSide"/>.</summary>
    public void SendWindowIcon(WindowId window, int width, int height, ReadOnlySpan<byte> argb)
    {
        lock (_sendLock)
        {
            Span<byte> destination = Reserve(MessageHeader.Size + 8 + argb.Length);
            Commit(MessageWriter.WriteWindowIcon(destination, window, width, height, argb), fd: null);
        }
    }

    /// <summary>
    /// Queues one whole message that carries no descriptor, as bytes (a remote link's relay,
    /// docs/remote.md). The caller has framed it with <see cref="MessageReader"/>; the receiver
    /// checks it like any other.
    /// </summary>
    public void SendRelayed(ReadOnlySpan<byte> message)
    {
        lock (_sendLock)
        {
            message.CopyTo(Reserve(message.Length));
            Commit(message.Length, fd: null);
        }
    }

    /// <summary>Queues raw bytes: only for the headerless version handshake.</summary>
    public void SendHandshake(ReadOnlySpan<byte> hello)
    {
        lock (_sendLock)
        {
            hello.CopyTo(Reserve(hello.Length));
            Commit(hello.Length, fd: null);
        }
    }

    /// <summary>Sends what the socket takes now; true when nothing is left.</summary>
    public bool Flush()
    {
        lock (_sendLock)
        {
            return FlushLocked();
        }
    }

    /// <summary>Sends everything, waiting for the peer to read. For the agent and for a daemon's writer task.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (!Flush())
        {
            // Writability has no zero-byte trick like reading has; poll in short slices so
            // cancellation and disposal are noticed.
            await Task.Run(() => _socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectWrite), cancellationToken).ConfigureAwait(false);
        }
    }

    private Span<byte> Reserve(int size)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_peerGone)
        {
            throw new IOException("the peer has closed the connection");
        }

        int unsent = _outEnd - _outStart;
        if ((long)unsent + size > Options.OutboundLimitBytes)
        {
            // The peer stopped reading. Waiting would let one qube stall the daemon; growing
            // would let it exhaust memory. It is disconnected instead.
            throw Violation(ProtocolViolation.OutboundBufferFull);
        }

        if (_outEnd + size > _outbound.Length)
        {
            int capacity = Math.Max(_outbound.Length, InitialOutboundBytes);
            while (capacity < unsent + size)
            {
                capacity = (int)Math.Min((long)capacity * 2, Options.OutboundLimitBytes);
            }

            byte[] target = capacity > _outbound.Length ? new byte[capacity] : _outbound;
            Buffer.BlockCopy(_outbound, _outStart, target, 0, unsent);
            (_outbound, _outStart, _outEnd) = (target, 0, unsent);
        }

        return _outbound.AsSpan(_outEnd, size);
    }

    private void Commit(int size, SafeFileHandle? fd)
    {
        if (fd is not null)
        {
            long position = _sentTotal + (_outEnd - _outStart);
            _outboundFds.Add((position, SocketMessages.Duplicate(fd)));
        }

        _outEnd += size;
        FlushLocked();
    }

    private bool FlushLocked()
    {
        while (_outEnd > _outStart && !_disposed)
        {
            int length = _outEnd - _outStart;
            SafeFileHandle? fd = null;
            if (_outboundFds.Count > 0)
            {
                if (_outboundFds[0].Position == _sentTotal)
                {
                    fd = _outboundFds[0].Fd;
                    if (_outboundFds.Count > 1)
                    {
                        length = (int)Math.Min(length, _outboundFds[1].Position - _sentTotal);
                    }
                }
                else
                {
                    // Stop before the next descriptor's message so it rides on its own first byte.
                    length = (int)Math.Min(length, _outboundFds[0].Position - _sentTotal);
                }
            }

            var outcome = SocketMessages.Send(_socket.SafeHandle, _outbound.AsSpan(_outStart, length), fd);
            if (outcome.WouldBlock)
            {
                return false;
            }

            if (outcome.Bytes < 0)
            {
                if (outcome.Errno == LibC.EPIPE || outcome.Errno == LibC.ECONNRESET)
                {
                    _peerGone = true;
                    throw new IOException("the peer has closed the connection");
                }

                Errno.Throw("sendmsg", outcome.Errno);
            }

            if (fd is not null)
            {
                // At least one byte went, so the descriptor went with it.
                fd.Dispose();
                _outboundFds.RemoveAt(0);
            }

            _outStart += (int)outcome.Bytes;
            _sentTotal += outcome.Bytes;
            if (_outStart == _outEnd)
            {
                _outStart = _outEnd = 0;
            }
        }

        return true;
    }

    private void DisposeQueuedFds()
    {
        DisposeInboundFds();
        foreach ((_, SafeFileHandle fd) in _outboundFds)
        {
            fd.Dispose();
        }

        _outboundFds.Clear();
    }
}
