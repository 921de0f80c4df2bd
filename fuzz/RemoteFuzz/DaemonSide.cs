using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Remote;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;

namespace GuiVirt.RemoteFuzz;

/// <summary>
/// The daemon's end of the qube socket, on its own thread: it answers the relayed hello as the
/// daemon does (or closes, as the daemon does for a version it refuses), then reads every message
/// the importer sends, so the importer's flushes never wait on it. It checks what the daemon
/// relies on: every message frames as an agent's, and every WINDOW_DUMP's descriptor is a sealed
/// memfd the daemon's own <see cref="MemfdGrantMapper"/> accepts at the announced size. It also
/// keeps the buffers the importer holds (each window's last WINDOW_DUMP until its DESTROY): never
/// more than <see cref="RemoteLimits.MaxWindows"/> of them, nor more than
/// <see cref="RemoteLimits.MaxBufferBytes"/>, whatever the stream asks for.
/// </summary>
internal sealed class DaemonSide : IDisposable
{
    private static readonly ScreenConfig Screen = new(1920, 1080, 24);
    private readonly MessageChannel _channel;
    private readonly Thread _thread;
    private readonly MemfdGrantMapper _mapper = new();
    private readonly Dictionary<uint, long> _buffers = [];

    public DaemonSide(MessageChannel daemonEnd)
    {
        _channel = daemonEnd;
        _thread = new Thread(Serve) { IsBackground = true, Name = "remote fuzz: daemon" };
        _thread.Start();
    }

    /// <summary>The 20 bytes the daemon answered, once it has.</summary>
    public byte[]? Hello { get; private set; }

    /// <summary>SHMIMAGEs read: one per RECT the importer put (and acknowledged).</summary>
    public int ShmImages { get; private set; }

    /// <summary>What the importer sent that the daemon would not take as an agent's, if anything.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Waits until the importer's end has closed and everything it sent has been read.</summary>
    public void Join() => _thread.Join();

    public void Dispose() => _channel.Dispose();

    private void Serve()
    {
        try
        {
            if (Answer())
            {
                while (Receive())
                {
                    while (_channel.TryReadMessage(out ReceivedMessage message))
                    {
                        Check(message);
                    }
                }
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
        finally
        {
            _channel.Dispose(); // never leaves the importer waiting on a reader that stopped
        }
    }

    /// <summary>The daemon's side of the handshake; false when it refuses the version (it closes the socket).</summary>
    private bool Answer()
    {
        while (_channel.Pending.Length < VersionHandshake.AgentHelloSize)
        {
            if (!Receive())
            {
                return false;
            }
        }

        ProtocolVersion negotiated;
        try
        {
            VersionHandshake.TryReadAgentHello(_channel.Pending, ProtocolVersion.Current, out negotiated);
        }
        catch (ProtocolViolationException)
        {
            return false;
        }

        _channel.Consume(VersionHandshake.AgentHelloSize);
        byte[] hello = new byte[VersionHandshake.DaemonHelloSize];
        VersionHandshake.WriteDaemonHello(hello, negotiated, Screen);
        _channel.SendHandshake(hello);
        _channel.FlushAsync().GetAwaiter().GetResult();
        Hello = hello;
        return true;
    }

    private void Check(ReceivedMessage message)
    {
        using var fd = message.UntrustedFd;
        if (message.Header.Type == MessageType.ShmImage)
        {
            ShmImages++;
        }
        else if (message.Header.Type == MessageType.Destroy)
        {
            _buffers.Remove(message.Header.Window.Value);
        }
        else if (message.Header.Type == MessageType.ClipboardImage)
        {
            // msg_clipboard_image: width, height; the grant holds exactly width x height x 4 bytes.
            long required = (long)BinaryPrimitives.ReadInt32LittleEndian(message.UntrustedBody) * BinaryPrimitives.ReadInt32LittleEndian(message.UntrustedBody[4..]) * 4;
            ProtocolViolation refused = _mapper.TryMap(fd!, required, out IMappedGrant? grant);
            grant?.Dispose();
            if (refused != ProtocolViolation.None)
            {
                throw new InvariantException($"the daemon would refuse the importer's CLIPBOARD_IMAGE grant ({refused})");
            }
        }
        else if (message.Header.Type == MessageType.WindowDump)
        {
            // msg_window_dump_hdr: type, width, height, bpp, then the stride.
            long required = (long)BinaryPrimitives.ReadUInt32LittleEndian(message.UntrustedBody[16..]) * BinaryPrimitives.ReadUInt32LittleEndian(message.UntrustedBody[8..]);
            ProtocolViolation refused = _mapper.TryMap(fd!, required, out IMappedGrant? grant);
            grant?.Dispose();
            if (refused != ProtocolViolation.None)
            {
                throw new InvariantException($"the daemon would refuse the importer's WINDOW_DUMP grant ({refused})");
            }

            _buffers[message.Header.Window.Value] = required;
            if (_buffers.Count > RemoteLimits.MaxWindows || _buffers.Values.Sum() > RemoteLimits.MaxBufferBytes)
            {
                throw new InvariantException($"the importer holds {_buffers.Count} buffers of {_buffers.Values.Sum()} bytes");
            }
        }
    }

    private bool Receive() => _channel.ReceiveAsync().AsTask().GetAwaiter().GetResult();
}
