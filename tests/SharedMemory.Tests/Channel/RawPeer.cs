using System.Runtime.InteropServices;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Interop;
using GuiVirt.Tests.Shared;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Tests.Channel;

/// <summary>
/// A hostile or clumsy peer: the raw end of a socket pair whose other end is a real
/// <see cref="MessageChannel"/>. It sends any bytes with any number of descriptors.
/// </summary>
internal sealed unsafe class RawPeer : IDisposable
{
    private readonly SafeFileHandle _socket;

    public RawPeer(Protocol.PeerRole role, ChannelOptions? options = null)
    {
        (SafeFileHandle channelEnd, _socket) = SocketMessages.CreatePair();
        var socket = new System.Net.Sockets.Socket(new System.Net.Sockets.SafeSocketHandle(channelEnd.DangerousGetHandle(), ownsHandle: true));
        channelEnd.SetHandleAsInvalid();
        Channel = new MessageChannel(socket, role, options);
    }

    /// <summary>The channel under test, reading what this peer sends.</summary>
    public MessageChannel Channel { get; }

    /// <summary>One sendmsg of <paramref name="bytes"/> with all of <paramref name="fds"/> attached.</summary>
    public void Send(ReadOnlySpan<byte> bytes, params SafeHandle[] fds) =>
        Assert.Equal(bytes.Length, RawSend.Message(_socket, bytes, fds, out _));

    /// <summary>Closes the peer's end (the channel then sees the end of the stream).</summary>
    public void Close() => _socket.Dispose();

    /// <summary>Reads whatever the channel sent, without waiting; for a peer that does read.</summary>
    public int Drain()
    {
        var buffer = new byte[65536];
        int total = 0;
        while (true)
        {
            long n;
            fixed (byte* b = buffer)
            {
                n = LibC.recv((int)_socket.DangerousGetHandle(), b, buffer.Length, LibC.MSG_DONTWAIT);
            }

            if (n <= 0)
            {
                return total;
            }

            total += (int)n;
        }
    }

    public void Dispose()
    {
        Channel.Dispose();
        _socket.Dispose();
    }
}
