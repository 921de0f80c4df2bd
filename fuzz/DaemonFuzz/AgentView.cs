using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.DaemonFuzz;

/// <summary>
/// What the daemon sent to the qube, read as an honest agent reads it (VersionHandshake, then
/// MessageReader and MessageDispatcher for a daemon sender): whatever a qube sends, the daemon's
/// own answers must stay valid protocol, or it would cut off the agents it is meant to serve.
/// </summary>
internal sealed class AgentView : IMessagesFromDaemon
{
    private byte[] _pending = new byte[2 * MessageReader.MaxMessageSize];
    private int _length;
    private bool _helloRead;

    /// <summary>Takes bytes as they come from the socket and checks every whole message in them.</summary>
    public void Add(ReadOnlySpan<byte> received)
    {
        if (_length + received.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(2 * _pending.Length, _length + received.Length));
        }

        received.CopyTo(_pending.AsSpan(_length));
        _length += received.Length;
        int consumed;
        try
        {
            consumed = ReadWhole(_pending.AsSpan(0, _length));
        }
        catch (ProtocolViolationException e)
        {
            throw new InvariantException($"the daemon sent what an agent must refuse: {e.Message}");
        }

        _pending.AsSpan(consumed, _length - consumed).CopyTo(_pending);
        _length -= consumed;
    }

    public void OnKey(WindowId window, KeyEvent key)
    {
    }

    public void OnButton(WindowId window, ButtonEvent button)
    {
    }

    public void OnMotion(WindowId window, MotionEvent motion)
    {
    }

    public void OnCrossing(WindowId window, CrossingEvent crossing)
    {
    }

    public void OnFocus(WindowId window, FocusEvent focus)
    {
    }

    public void OnDestroyed(WindowId window)
    {
    }

    public void OnMap(WindowId window, MapInfo map)
    {
    }

    public void OnConfigure(WindowId window, Configure configure)
    {
    }

    public void OnClose(WindowId window)
    {
    }

    public void OnClipboardRequest()
    {
    }

    public void OnClipboardData(ReadOnlySpan<byte> text)
    {
    }

    /// <summary>How many CLIPBOARD_IMAGE pastes the daemon sent: the only messages that carry a descriptor to a qube.</summary>
    public int ClipboardImages { get; private set; }

    /// <summary>Bytes of a message not yet whole.</summary>
    public int PendingBytes => _length;

    public void OnClipboardImage(ClipboardImage image, Microsoft.Win32.SafeHandles.SafeFileHandle pixels)
    {
        ClipboardImages++;
        pixels.Dispose();
    }

    public void OnKeymap(Keymap keymap)
    {
    }

    public void OnWindowFlags(WindowId window, WindowFlags flags)
    {
    }

    public void OnWindowDumpAck(WindowId window)
    {
    }

    public void OnKeyboardLayout(KeyboardLayout layout)
    {
    }

    public void OnKeysyms(Keysyms keysyms)
    {
    }

    private int ReadWhole(ReadOnlySpan<byte> buffer)
    {
        int offset = 0;
        if (!_helloRead)
        {
            if (!VersionHandshake.TryReadDaemonHello(buffer, ProtocolVersion.Current, out _, out _))
            {
                return 0;
            }

            _helloRead = true;
            offset = VersionHandshake.DaemonHelloSize;
        }

        while (MessageReader.TryReadMessage(buffer[offset..], PeerRole.Daemon, out MessageHeader header))
        {
            // The descriptor itself was drained from the socket (and closed) by the harness; a
            // stand-in lets the dispatcher check the rest of a CLIPBOARD_IMAGE paste.
            Microsoft.Win32.SafeHandles.SafeFileHandle? fd = MessageTypes.FdCount(header.Type) == 1 ? new(-1, ownsHandle: false) : null;
            MessageDispatcher.DispatchFromDaemon(header, MessageReader.Body(buffer[offset..], header), this, fd);
            offset += MessageHeader.Size + header.BodyLength;
        }

        return offset;
    }
}
