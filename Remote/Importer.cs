using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;

namespace GuiVirt.Remote;

/// <summary>
/// The host side of a remote link (`guivirt remote import`, in its own sandbox): reads the
/// exporter's records, untrusted, and speaks the ordinary protocol to the daemon on the qube's
/// socket. Every length is bounded before it is used (<see cref="RecordReader"/>); a rectangle
/// decodes to exactly width x height x 4 bytes inside its window's buffer, a sealed memfd
/// (<see cref="MemfdGrantAllocator"/>) sent to the daemon with WINDOW_DUMP, or the stream is
/// refused (<see cref="RemoteStreamException"/>) and the link ends.
/// </summary>
public sealed class Importer : IDisposable
{
    private readonly RecordReader _reader;
    private readonly RecordWriter _writer;
    private readonly MessageChannel _daemon;
    private readonly IGrantAllocator _allocator = new MemfdGrantAllocator();
    private readonly Dictionary<uint, WindowBuffer> _windows = [];
    private readonly byte[] _scratch = new byte[RemoteLimits.MaxRectPixelBytes];
    private long _bufferBytes;

    /// <summary>The importer between a link (<paramref name="linkIn"/>, <paramref name="linkOut"/>) and the daemon's channel.</summary>
    public Importer(Stream linkIn, Stream linkOut, MessageChannel daemon)
    {
        _reader = new RecordReader(linkIn);
        _writer = new RecordWriter(linkOut);
        _daemon = daemon;
    }

    /// <summary>
    /// Relays until the link or the daemon ends (returns), or the stream breaks a rule
    /// (<see cref="RemoteStreamException"/>, or <see cref="ProtocolViolationException"/> for a
    /// relayed message's header).
    /// </summary>
    public void Run()
    {
        // The agent's hello, relayed; the daemon's answer, relayed back.
        if (!_reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> hello))
        {
            return;
        }

        if (kind != RecordKind.Hello || hello.Length != VersionHandshake.AgentHelloSize)
        {
            throw new RemoteStreamException($"the stream starts with a {kind} record of {hello.Length} bytes, not the agent's 4-byte hello");
        }

        _daemon.SendHandshake(hello);
        _daemon.FlushAsync().GetAwaiter().GetResult();
        while (_daemon.Pending.Length < VersionHandshake.DaemonHelloSize)
        {
            if (!_daemon.ReceiveAsync().AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }

        _writer.Write(RecordKind.Hello, _daemon.Pending[..VersionHandshake.DaemonHelloSize]);
        _daemon.Consume(VersionHandshake.DaemonHelloSize);

        var fromDaemon = new Thread(RelayFromDaemon) { IsBackground = true, Name = "guivirt import: daemon to link" };
        fromDaemon.Start();
        while (_reader.TryRead(out kind, out ReadOnlySpan<byte> payload))
        {
            Apply(kind, payload);
        }
    }

    /// <summary>One record from the exporter. Internal for the tests, which feed hostile ones.</summary>
    internal void Apply(RecordKind kind, ReadOnlySpan<byte> untrustedPayload)
    {
        switch (kind)
        {
            case RecordKind.Message:
                RelayToDaemon(untrustedPayload);
                break;
            case RecordKind.Dump:
                Dump(untrustedPayload);
                break;
            case RecordKind.Rect:
                Rect(untrustedPayload);
                break;
            case RecordKind.Copy:
                Copy(untrustedPayload);
                break;
            case RecordKind.ClipboardImage:
                // The far qube's answer to CLIPBOARD_REQ; the daemon checks it as any qube's (request, time, policy).
                ClipboardImageRecord.Receive(untrustedPayload, _daemon);
                break;
            default:
                throw new RemoteStreamException($"a {kind} record from the exporter");
        }

        // Waits while the daemon reads slowly: the link then waits too (TCP), nothing queues here.
        _daemon.FlushAsync().GetAwaiter().GetResult();
    }

    private void RelayToDaemon(ReadOnlySpan<byte> untrustedMessage)
    {
        // The header is framed and checked as the daemon will (sender: an agent); the daemon checks the body.
        if (!MessageReader.TryReadMessage(untrustedMessage, PeerRole.Agent, out MessageHeader header)
            || MessageHeader.Size + header.BodyLength != untrustedMessage.Length)
        {
            throw new RemoteStreamException("a MESSAGE record whose length is not its message's");
        }

        // Security: buffers and their pixels come only as DUMP and RECT, clipboard images only as
        // CLIPBOARD_IMAGE records, which this process checks.
        if (header.Type is MessageType.WindowDump or MessageType.ShmImage or MessageType.ClipboardImage)
        {
            throw new RemoteStreamException($"a MESSAGE record carrying {header.Type}");
        }

        _daemon.SendRelayed(untrustedMessage);
        if (header.Type == MessageType.Destroy && _windows.Remove(header.Window.Value, out WindowBuffer? gone))
        {
            _bufferBytes -= gone.Grant.Size;
            gone.Grant.Dispose();
        }
    }

    private void Dump(ReadOnlySpan<byte> untrustedPayload)
    {
        uint window = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload);
        uint untrustedWidth = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload[4..]);
        uint untrustedHeight = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload[8..]);

        // Security: the size is bounded by the protocol's window limits before anything is allocated.
        if (window == 0 || untrustedWidth is < 1 or > Limits.MaxWindowWidth || untrustedHeight is < 1 or > Limits.MaxWindowHeight)
        {
            throw new RemoteStreamException($"a DUMP of {untrustedWidth}x{untrustedHeight} for window 0x{window:x}");
        }

        int width = (int)untrustedWidth, height = (int)untrustedHeight;
        long bytes = (long)width * height * 4;
        WindowBuffer? old = _windows.GetValueOrDefault(window);
        if (old is null && _windows.Count >= RemoteLimits.MaxWindows)
        {
            throw new RemoteStreamException($"more than {RemoteLimits.MaxWindows} windows with a buffer");
        }

        // Security: the importer's memory is bounded whatever the exporter announces.
        if (_bufferBytes - (old?.Grant.Size ?? 0) + bytes > RemoteLimits.MaxBufferBytes)
        {
            throw new RemoteStreamException($"window buffers over {RemoteLimits.MaxBufferBytes >> 20} MiB");
        }

        IAgentGrant grant = _allocator.Allocate(bytes); // zero-filled: the exporter's last frame of a new buffer is zero too
        if (old is not null)
        {
            _bufferBytes -= old.Grant.Size;
            old.Grant.Dispose(); // the daemon keeps its own mapping until it has the new one
        }

        _windows[window] = new WindowBuffer(grant, width, height);
        _bufferBytes += grant.Size;
        _daemon.Send(new WindowId(window), new WindowDump(width, height, width * 4), grant.ShareHandle);
    }

    private void Rect(ReadOnlySpan<byte> untrustedPayload)
    {
        uint window = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload);
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload[4..]);
        (uint x, uint y, uint width, uint height) = ReadRectangle(untrustedPayload[8..]);
        WindowBuffer buffer = BufferOf(window, "RECT");

        // Security: unsigned and 64-bit, so no value wraps; the rectangle lies inside the buffer and
        // its decoded size is bounded before the decoder runs.
        if (width == 0 || height == 0 || (ulong)x + width > (ulong)buffer.Width || (ulong)y + height > (ulong)buffer.Height
            || (ulong)width * height * 4 > RemoteLimits.MaxRectPixelBytes)
        {
            throw new RemoteStreamException($"a RECT {width}x{height}+{x}+{y} outside window 0x{window:x} ({buffer.Width}x{buffer.Height}) or over {RemoteLimits.MaxRectPixelBytes} bytes");
        }

        var rect = new Rectangle((int)x, (int)y, (int)width, (int)height);
        PixelDelta.Decode(untrustedPayload[RemoteLimits.RectHeaderBytes..], rect, buffer.Grant.Address, buffer.Width * 4, _scratch);
        _daemon.Send(new WindowId(window), new ShmImage(rect.X, rect.Y, rect.Width, rect.Height));
        if (buffer.Unshown is { } moved)
        {
            _daemon.Send(new WindowId(window), new ShmImage(moved.X, moved.Y, moved.Width, moved.Height));
            buffer.Unshown = null;
        }

        Span<byte> ack = stackalloc byte[RemoteLimits.AckBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(ack, window);
        BinaryPrimitives.WriteUInt32LittleEndian(ack[4..], sequence);
        _writer.Write(RecordKind.Ack, ack);
    }

    private unsafe void Copy(ReadOnlySpan<byte> untrustedPayload)
    {
        uint window = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload);
        (uint x, uint y, uint width, uint height) = ReadRectangle(untrustedPayload[4..]);
        int dy = BinaryPrimitives.ReadInt32LittleEndian(untrustedPayload[20..]);
        WindowBuffer buffer = BufferOf(window, "COPY");

        // Security: in 64 bits, so nothing wraps: the source rectangle lies inside the buffer, and so
        // does the target, dy rows away; dy is not 0 (a COPY that moves nothing is no honest exporter's).
        long targetY = (long)y + dy;
        if (width == 0 || height == 0 || dy == 0 || (ulong)x + width > (ulong)buffer.Width || (ulong)y + height > (ulong)buffer.Height
            || targetY < 0 || targetY + height > buffer.Height)
        {
            throw new RemoteStreamException($"a COPY of {width}x{height}+{x}+{y} by {dy} rows outside window 0x{window:x} ({buffer.Width}x{buffer.Height})");
        }

        var source = new Rectangle((int)x, (int)y, (int)width, (int)height);
        var frame = new Span<byte>((void*)buffer.Grant.Address, buffer.Width * buffer.Height * 4);
        ScrollCopy.MoveRows(frame, buffer.Width * 4, source, dy);

        // Shown with the next RECT: the moved rows alone are no frame the app drew (its cursor, say,
        // moved with the text), and the RECT that follows brings what differs.
        var target = source with { Y = (int)targetY };
        buffer.Unshown = buffer.Unshown is { } unshown ? unshown.Union(target) : target;
    }

    /// <summary>x, y, width, height: four u32, unchecked.</summary>
    private static (uint X, uint Y, uint Width, uint Height) ReadRectangle(ReadOnlySpan<byte> untrusted) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(untrusted), BinaryPrimitives.ReadUInt32LittleEndian(untrusted[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(untrusted[8..]), BinaryPrimitives.ReadUInt32LittleEndian(untrusted[12..]));

    /// <summary>The buffer of the window a <paramref name="record"/> names; refused when it has none (before its DUMP, after its DESTROY).</summary>
    private WindowBuffer BufferOf(uint untrustedWindow, string record) =>
        _windows.TryGetValue(untrustedWindow, out WindowBuffer? buffer)
            ? buffer
            : throw new RemoteStreamException($"a {record} for window 0x{untrustedWindow:x}, which has no buffer");

    private void RelayFromDaemon()
    {
        Span<byte> header = stackalloc byte[MessageHeader.Size];
        try
        {
            while (_daemon.ReceiveAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_daemon.TryReadMessage(out ReceivedMessage message))
                {
                    if (message.UntrustedFd is { } fd)
                    {
                        // A paste of a clipboard image (the only message the daemon sends with a
                        // descriptor): its pixels cross as a record. One refused here is dropped.
                        if (message.Header.Type != MessageType.ClipboardImage
                            || ClipboardImageRecord.Send(_writer, message.UntrustedBody, fd) != ProtocolViolation.None)
                        {
                            fd.Dispose();
                        }

                        continue;
                    }

                    BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)message.Header.Type);
                    BinaryPrimitives.WriteUInt32LittleEndian(header[4..], message.Header.Window.Value);
                    BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)message.Header.BodyLength);
                    _writer.Write(RecordKind.Message, header, message.UntrustedBody);
                }
            }
        }
        catch (Exception e) when (e is IOException or ProtocolViolationException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The daemon or the link went: the main loop ends when its side does.
        }

        DaemonGone.TrySetResult();
    }

    /// <summary>Completes when the daemon has closed the qube's socket or the link's write side broke.</summary>
    public TaskCompletionSource DaemonGone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        foreach (WindowBuffer buffer in _windows.Values)
        {
            buffer.Grant.Dispose();
        }

        _windows.Clear();
    }

    private sealed record WindowBuffer(IAgentGrant Grant, int Width, int Height)
    {
        /// <summary>Where COPYs moved pixels since the last RECT: shown with the next RECT, never before the differences it brings.</summary>
        public Rectangle? Unshown { get; set; }
    }
}
