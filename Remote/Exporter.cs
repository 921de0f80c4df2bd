using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote;

/// <summary>
/// The far side of a remote link, next to the qube's agent (`guivirt remote keep`): to the agent
/// it is the daemon; to the link it sends each window's buffer as DUMP and its damage as RECT
/// (LZ4 of the XOR against the last frame sent), and relays every other message unchanged.
/// Flow control: at most <see cref="RemoteLimits.RectsInFlight"/> RECTs of a window await their
/// ACK; damage meanwhile is merged, and what is sent is read from the buffer when it is sent, so a
/// slow link gets the newest pixels and never a growing queue.
/// </summary>
public sealed class Exporter
{
    private readonly MessageChannel _agent;
    private readonly RecordReader _reader;
    private readonly RecordWriter _writer;
    private readonly IGrantMapper _mapper = new MemfdGrantMapper();
    private readonly Dictionary<uint, WindowState> _windows = [];
    private readonly Lock _lock = new();
    private readonly byte[] _scratch = new byte[RemoteLimits.MaxRectPixelBytes];
    private readonly byte[] _compressed = new byte[LZ4Codec.MaximumOutputSize(RemoteLimits.MaxRectPixelBytes)];
    private readonly byte[] _rectHeader = new byte[RemoteLimits.RectHeaderBytes];
    private readonly ScrollSearch _scroll = new();

    /// <summary>The exporter between the agent's channel and a link.</summary>
    public Exporter(MessageChannel agent, Stream linkIn, Stream linkOut)
    {
        _agent = agent;
        _reader = new RecordReader(linkIn);
        _writer = new RecordWriter(linkOut);
    }

    /// <summary>Bytes of RECT payloads sent so far (for logs and the benchmark).</summary>
    public long RectBytesSent { get; private set; }

    /// <summary>Relays until the agent or the link ends. The agent's windows stay with the agent.</summary>
    public void Run()
    {
        while (_agent.Pending.Length < VersionHandshake.AgentHelloSize)
        {
            if (!_agent.ReceiveAsync().AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }

        _writer.Write(RecordKind.Hello, _agent.Pending[..VersionHandshake.AgentHelloSize]);
        _agent.Consume(VersionHandshake.AgentHelloSize);
        if (!_reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> answer))
        {
            return;
        }

        if (kind != RecordKind.Hello || answer.Length != VersionHandshake.DaemonHelloSize)
        {
            throw new RemoteStreamException($"the importer answered with a {kind} record of {answer.Length} bytes");
        }

        _agent.SendHandshake(answer);
        _agent.FlushAsync().GetAwaiter().GetResult();
        var fromLink = new Thread(RelayFromLink) { IsBackground = true, Name = "guivirt remote: link to agent" };
        fromLink.Start();
        try
        {
            // Messages that came with the agent's hello are handled before waiting for more.
            do
            {
                while (_agent.TryReadMessage(out ReceivedMessage message))
                {
                    FromAgent(message);
                }
            }
            while (!LinkGone.Task.IsCompleted && _agent.ReceiveAsync().AsTask().GetAwaiter().GetResult());
        }
        finally
        {
            lock (_lock)
            {
                foreach (WindowState window in _windows.Values)
                {
                    window.Grant.Dispose();
                }

                _windows.Clear();
            }
        }
    }

    /// <summary>Completes when the link's read side has ended or broke the rules.</summary>
    public TaskCompletionSource<Exception?> LinkGone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void FromAgent(ReceivedMessage message)
    {
        MessageHeader header = message.Header;
        uint id = header.Window.Value;
        switch (header.Type)
        {
            case MessageType.WindowDump:
                Dump(id, message.UntrustedBody, message.UntrustedFd!);
                return;
            case MessageType.ShmImage:
                var untrusted = message.UntrustedBody;
                var rect = new Rectangle(
                    BinaryPrimitives.ReadInt32LittleEndian(untrusted), BinaryPrimitives.ReadInt32LittleEndian(untrusted[4..]),
                    BinaryPrimitives.ReadInt32LittleEndian(untrusted[8..]), BinaryPrimitives.ReadInt32LittleEndian(untrusted[12..]));
                lock (_lock)
                {
                    if (_windows.TryGetValue(id, out WindowState? window) && rect.ClipTo(window.Width, window.Height) is { } clipped)
                    {
                        window.AddDamage(clipped);
                        SendPending(id, window);
                    }
                }

                return;
            case MessageType.ClipboardImage:
                // The answer to a CLIPBOARD_REQ: its pixels cross as a record; one the daemon would refuse ends the link as it would end the qube.
                ProtocolViolation refused = ClipboardImageRecord.Send(_writer, message.UntrustedBody, message.UntrustedFd!);
                if (refused != ProtocolViolation.None)
                {
                    throw new ProtocolViolationException(refused);
                }

                return;
            case MessageType.Destroy:
                lock (_lock)
                {
                    if (_windows.Remove(id, out WindowState? gone))
                    {
                        gone.Grant.Dispose();
                    }
                }

                break;
        }

        Span<byte> head = stackalloc byte[MessageHeader.Size];
        BinaryPrimitives.WriteUInt32LittleEndian(head, (uint)header.Type);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], id);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)header.BodyLength);
        _writer.Write(RecordKind.Message, head, message.UntrustedBody);
    }

    private void Dump(uint id, ReadOnlySpan<byte> body, Microsoft.Win32.SafeHandles.SafeFileHandle fd)
    {
        int width = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        int stride = BinaryPrimitives.ReadInt32LittleEndian(body[16..]);
        var dump = new WindowDump(width, height, stride); // throws for what the daemon would refuse
        lock (_lock)
        {
            // Security: the exporter runs outside the qube's sandbox and keeps a last frame of every
            // window; a hostile far agent gets no more of its memory than the importer would give
            // (RemoteLimits.MaxWindows, MaxBufferBytes), whatever windows it announces.
            WindowState? old = _windows.GetValueOrDefault(id);
            long others = _windows.Values.Sum(w => w.LastFrame.LongLength) - (old?.LastFrame.LongLength ?? 0);
            if ((old is null && _windows.Count >= RemoteLimits.MaxWindows) || others + ((long)width * height * 4) > RemoteLimits.MaxBufferBytes)
            {
                fd.Dispose(); // never mapped: closed here, as TryMap closes every descriptor it is given
                throw new ProtocolViolationException(ProtocolViolation.ResourceLimitExceeded);
            }

            ProtocolViolation problem = _mapper.TryMap(fd, dump.RequiredBytes, out IMappedGrant? grant);
            if (problem != ProtocolViolation.None)
            {
                throw new ProtocolViolationException(problem);
            }

            if (old is not null)
            {
                _windows.Remove(id);
                old.Grant.Dispose();
            }

            var window = new WindowState(grant!, width, height, stride);
            _windows[id] = window;
            Span<byte> payload = stackalloc byte[RemoteLimits.DumpBytes];
            BinaryPrimitives.WriteUInt32LittleEndian(payload, id);
            BinaryPrimitives.WriteInt32LittleEndian(payload[4..], width);
            BinaryPrimitives.WriteInt32LittleEndian(payload[8..], height);
            _writer.Write(RecordKind.Dump, payload);

            // The importer's new buffer is all zero: all of it is damaged until sent.
            window.AddDamage(new Rectangle(0, 0, width, height));
            SendPending(id, window);
        }
    }

    /// <summary>Sends pending damage while the window has RECTs to spare; under _lock.</summary>
    private void SendPending(uint id, WindowState window)
    {
        while (window.InFlight < RemoteLimits.RectsInFlight && window.TakeDamage() is { } damage)
        {
            if (_scroll.FindShift(window.Grant.Address, window.Stride, window.LastFrame, window.Width, window.Height, damage) is int shift)
            {
                Copy(id, window, damage, shift);
            }

            // Bands of at most MaxRectPixelBytes: the rest goes back to the front of the queue.
            int rows = Math.Max(1, Math.Min(damage.Height, RemoteLimits.MaxRectPixelBytes / (damage.Width * 4)));
            var band = damage with { Height = rows };
            if (rows < damage.Height)
            {
                window.PutBack(damage with { Y = damage.Y + rows, Height = damage.Height - rows });
            }

            int length = PixelDelta.Encode(window.Grant.Address, window.Stride, window.LastFrame, window.Width, band, _scratch, _compressed);
            uint sequence = ++window.Sequence;
            Span<byte> head = _rectHeader;
            BinaryPrimitives.WriteUInt32LittleEndian(head, id);
            BinaryPrimitives.WriteUInt32LittleEndian(head[4..], sequence);
            BinaryPrimitives.WriteInt32LittleEndian(head[8..], band.X);
            BinaryPrimitives.WriteInt32LittleEndian(head[12..], band.Y);
            BinaryPrimitives.WriteInt32LittleEndian(head[16..], band.Width);
            BinaryPrimitives.WriteInt32LittleEndian(head[20..], band.Height);
            // Counted before the write: once the importer has it, the count includes it.
            RectBytesSent += RemoteLimits.RectHeaderBytes + length;
            _writer.Write(RecordKind.Rect, head, _compressed.AsSpan(0, length));
            window.InFlight++;
        }
    }

    /// <summary>
    /// A scroll: the rows of <paramref name="damage"/> take the last frame's rows <paramref name="shift"/>
    /// further down, here and (COPY) on the importer; the damage is then sent against the moved frame.
    /// </summary>
    private void Copy(uint id, WindowState window, Rectangle damage, int shift)
    {
        if (ScrollCopy.Source(damage, shift, window.Height) is not { } source)
        {
            return;
        }

        ScrollCopy.MoveRows(window.LastFrame, window.Width * 4, source, -shift);
        Span<byte> payload = stackalloc byte[RemoteLimits.CopyBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, id);
        BinaryPrimitives.WriteInt32LittleEndian(payload[4..], source.X);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], source.Y);
        BinaryPrimitives.WriteInt32LittleEndian(payload[12..], source.Width);
        BinaryPrimitives.WriteInt32LittleEndian(payload[16..], source.Height);
        BinaryPrimitives.WriteInt32LittleEndian(payload[20..], -shift);
        CopiesSent++; // before the write, as RectBytesSent
        _writer.Write(RecordKind.Copy, payload);
    }

    /// <summary>COPY records sent so far (for logs and the tests).</summary>
    public long CopiesSent { get; private set; }

    private void RelayFromLink()
    {
        Exception? problem = null;
        try
        {
            while (_reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> payload))
            {
                switch (kind)
                {
                    case RecordKind.Message:
                        if (!MessageReader.TryReadMessage(payload, PeerRole.Daemon, out MessageHeader header)
                            || MessageHeader.Size + header.BodyLength != payload.Length || MessageTypes.FdCount(header.Type) != 0)
                        {
                            throw new RemoteStreamException("a MESSAGE record that is not one whole message without a descriptor");
                        }

                        _agent.SendRelayed(payload);
                        _agent.FlushAsync().GetAwaiter().GetResult();
                        break;
                    case RecordKind.ClipboardImage:
                        // A paste: the image in a new sealed memfd, as the daemon passes one.
                        ClipboardImageRecord.Receive(payload, _agent);
                        _agent.FlushAsync().GetAwaiter().GetResult();
                        break;
                    case RecordKind.Ack:
                        uint id = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                        lock (_lock)
                        {
                            if (_windows.TryGetValue(id, out WindowState? window) && window.InFlight > 0)
                            {
                                window.InFlight--;
                                SendPending(id, window);
                            }
                        }

                        break;
                    default:
                        throw new RemoteStreamException($"a {kind} record from the importer");
                }
            }
        }
        catch (Exception e) when (e is IOException or RemoteStreamException or ProtocolViolationException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            problem = e;
        }

        LinkGone.TrySetResult(problem);
        _agent.Dispose(); // wakes the agent side's receive: the link is over
    }

    private sealed class WindowState(IMappedGrant grant, int width, int height, int stride)
    {
        private readonly LinkedList<Rectangle> _damage = [];

        public IMappedGrant Grant { get; } = grant;
        public int Width { get; } = width;
        public int Height { get; } = height;
        public int Stride { get; } = stride;

        /// <summary>The last frame sent, width x 4 bytes a row: what the importer's buffer holds once it has caught up.</summary>
        public byte[] LastFrame { get; } = new byte[(long)width * height * 4];
        public int InFlight { get; set; }
        public uint Sequence { get; set; }

        public void AddDamage(Rectangle rect)
        {
            foreach (Rectangle pending in _damage)
            {
                if (pending.Union(rect) == pending)
                {
                    return; // already covered
                }
            }

            _damage.AddLast(rect);
            if (_damage.Count > RemoteLimits.PendingRects)
            {
                Rectangle all = _damage.First!.Value;
                foreach (Rectangle pending in _damage)
                {
                    all = all.Union(pending);
                }

                _damage.Clear();
                _damage.AddLast(all);
            }
        }

        public Rectangle? TakeDamage()
        {
            if (_damage.First is not { } first)
            {
                return null;
            }

            _damage.RemoveFirst();
            return first.Value;
        }

        public void PutBack(Rectangle rect) => _damage.AddFirst(rect);
    }
}
