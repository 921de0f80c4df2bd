using System.Runtime.InteropServices;
using Tmds.Linux;

namespace GuiVirt.Tests.Shared;

/// <summary>
/// One sendmsg(2) of any bytes with any number of descriptors attached (SCM_RIGHTS): the tests'
/// raw peers (SharedMemory's RawPeer, the hostile suite's Attacker, GrantPeer's fd passing) all
/// send through here; linked into each. The product's own fd passing is
/// SharedMemory/Interop/SocketMessages, which attaches at most one descriptor to valid messages;
/// this sends whatever a test asks for.
/// </summary>
internal static unsafe class RawSend
{
    /// <summary>
    /// Sends <paramref name="bytes"/> with <paramref name="fds"/> attached to the first byte
    /// (MSG_NOSIGNAL, retried on EINTR, blocking as the socket is): the bytes sent, or -1 with
    /// <paramref name="errno"/>. The caller keeps its descriptors.
    /// </summary>
    public static long Message(SafeHandle socket, ReadOnlySpan<byte> bytes, ReadOnlySpan<SafeHandle> fds, out int errno)
    {
        int space = LibC.CMSG_SPACE(sizeof(int) * Math.Max(fds.Length, 1));
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        bool socketAdded = false;
        Span<bool> fdAdded = stackalloc bool[fds.Length];
        try
        {
            socket.DangerousAddRef(ref socketAdded);
            fixed (byte* data = bytes)
            {
                iovec iov = default;
                iov.iov_base = data;
                iov.iov_len = bytes.Length;
                msghdr message = default;
                message.msg_iov = &iov;
                message.msg_iovlen = 1;
                if (fds.Length > 0)
                {
                    message.msg_control = control;
                    message.msg_controllen = space;
                    cmsghdr* header = LibC.CMSG_FIRSTHDR(&message);
                    header->cmsg_level = LibC.SOL_SOCKET;
                    header->cmsg_type = LibC.SCM_RIGHTS;
                    // As C's CMSG_LEN: Tmds.LibC 0.5.0's rounds up to 8 bytes, so one descriptor would go as two (fd 0 the second).
                    header->cmsg_len = LibC.CMSG_ALIGN(sizeof(cmsghdr)) + (sizeof(int) * fds.Length);
                    for (int i = 0; i < fds.Length; i++)
                    {
                        fds[i].DangerousAddRef(ref fdAdded[i]);
                        ((int*)LibC.CMSG_DATA(header))[i] = checked((int)fds[i].DangerousGetHandle());
                    }
                }

                long sent;
                do
                {
                    sent = LibC.sendmsg(checked((int)socket.DangerousGetHandle()), &message, LibC.MSG_NOSIGNAL);
                }
                while (sent < 0 && LibC.errno == LibC.EINTR);
                errno = sent < 0 ? LibC.errno : 0;
                return sent;
            }
        }
        finally
        {
            for (int i = 0; i < fds.Length; i++)
            {
                if (fdAdded[i])
                {
                    fds[i].DangerousRelease();
                }
            }

            if (socketAdded)
            {
                socket.DangerousRelease();
            }
        }
    }
}
