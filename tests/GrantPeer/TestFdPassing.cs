using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.Tests.Shared;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.GrantPeer;

/// <summary>
/// Test-only fd passing (SCM_RIGHTS) over a connected Unix stream socket, shared by GrantPeer and
/// the test project (linked source). The product's channel with fd passing lives in
/// SharedMemory/Channel; this stays deliberately minimal: one tag byte carries one fd.
/// </summary>
internal static unsafe class TestFdPassing
{
    /// <summary>Sends <paramref name="tag"/> with <paramref name="fd"/> attached. The caller keeps its fd.</summary>
    public static void Send(Socket socket, byte tag, SafeHandle fd)
    {
        if (RawSend.Message(socket.SafeHandle, [tag], [fd], out int errno) != 1)
        {
            throw new IOException($"sendmsg failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>
    /// Receives one tag byte and the fd sent with it (null if none came). Extra fds are closed
    /// at once. Waits with poll so a hung peer fails the test instead of hanging it, whatever
    /// blocking mode .NET left the socket in.
    /// </summary>
    public static SafeFileHandle? Receive(Socket socket, TimeSpan timeout, out byte tag)
    {
        if (!socket.Poll(timeout, SelectMode.SelectRead))
        {
            throw new TimeoutException("no fd message from the peer");
        }
        int space = LibC.CMSG_SPACE(sizeof(int) * 4);
        byte* control = stackalloc byte[space];
        byte received = 0;
        bool addedSocket = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref addedSocket);
            iovec iov = default;
            iov.iov_base = &received;
            iov.iov_len = 1;
            msghdr message = default;
            message.msg_iov = &iov;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = space;
            int socketFd = checked((int)socket.SafeHandle.DangerousGetHandle());
            long count;
            do
            {
                // CMSG_CLOEXEC: a received fd must not leak into the next peer we start.
                count = LibC.recvmsg(socketFd, &message, LibC.MSG_CMSG_CLOEXEC);
            }
            while (count < 0 && LibC.errno == LibC.EINTR);
            if (count != 1)
            {
                throw new IOException(count == 0 ? "peer closed the socket" : $"recvmsg failed: {Marshal.GetPInvokeErrorMessage(LibC.errno)}");
            }
            tag = received;
            SafeFileHandle? first = null;
            for (cmsghdr* header = LibC.CMSG_FIRSTHDR(&message); header != null; header = LibC.CMSG_NXTHDR(&message, header))
            {
                if (header->cmsg_level != LibC.SOL_SOCKET || header->cmsg_type != LibC.SCM_RIGHTS)
                {
                    continue;
                }
                int fdCount = checked(((int)header->cmsg_len - LibC.CMSG_ALIGN(sizeof(cmsghdr))) / sizeof(int));
                int* fds = (int*)LibC.CMSG_DATA(header);
                for (int i = 0; i < fdCount; i++)
                {
                    if (first is null)
                    {
                        first = new SafeFileHandle(fds[i], ownsHandle: true);
                    }
                    else
                    {
                        LibC.close(fds[i]);
                    }
                }
            }
            return first;
        }
        finally
        {
            if (addedSocket)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }
}
