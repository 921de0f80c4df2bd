using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// sendmsg and recvmsg on a Unix stream socket with SCM_RIGHTS descriptors. .NET's Socket cannot
/// pass descriptors. Both calls are non-blocking per call (MSG_DONTWAIT), whatever mode .NET left
/// the socket in.
/// </summary>
internal static unsafe class SocketMessages
{
    /// <summary>The most descriptors one recvmsg accepts; more is MSG_CTRUNC (the kernel closes the rest).</summary>
    public const int MaxFdsPerReceive = 4;

    /// <summary>Result of one call: bytes moved (0 = orderly shutdown on receive), or an errno.</summary>
    public readonly record struct Outcome(long Bytes, int Errno)
    {
        public bool WouldBlock => Bytes < 0 && (Errno == LibC.EAGAIN || Errno == LibC.EWOULDBLOCK);
    }

    /// <summary>
    /// Sends as much of <paramref name="data"/> as the socket takes now, with <paramref name="fd"/>
    /// attached to the first byte sent. Interrupted calls are retried; EPIPE comes back as an errno
    /// (MSG_NOSIGNAL: a peer that left must not kill us with SIGPIPE).
    /// </summary>
    public static Outcome Send(SafeHandle socket, ReadOnlySpan<byte> data, SafeHandle? fd)
    {
        int space = LibC.CMSG_SPACE(sizeof(int));
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        using var socketLease = new FdLease(socket);
        using var fdLease = new FdLease(fd);
        fixed (byte* bytes = data)
        {
            iovec iov = default;
            iov.iov_base = bytes;
            iov.iov_len = data.Length;
            msghdr message = default;
            message.msg_iov = &iov;
            message.msg_iovlen = 1;
            if (fd is not null)
            {
                message.msg_control = control;
                message.msg_controllen = space;
                cmsghdr* header = LibC.CMSG_FIRSTHDR(&message);
                header->cmsg_level = LibC.SOL_SOCKET;
                header->cmsg_type = LibC.SCM_RIGHTS;
                header->cmsg_len = ControlLength(1);
                *(int*)LibC.CMSG_DATA(header) = fdLease.Fd;
            }

            long sent;
            do
            {
                sent = LibC.sendmsg(socketLease.Fd, &message, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
            }
            while (sent < 0 && LibC.errno == LibC.EINTR);
            return new Outcome(sent, sent < 0 ? LibC.errno : 0);
        }
    }

    /// <summary>
    /// Receives what is there into <paramref name="buffer"/>; descriptors that came along are
    /// added to <paramref name="fds"/> (CLOEXEC, so no child process inherits them).
    /// <paramref name="controlTruncated"/> reports that the peer sent more descriptors than
    /// <see cref="MaxFdsPerReceive"/> in one go; the kernel has closed those that did not fit.
    /// </summary>
    public static Outcome Receive(SafeHandle socket, Span<byte> buffer, List<SafeFileHandle> fds, out bool controlTruncated)
    {
        int space = LibC.CMSG_SPACE(sizeof(int) * MaxFdsPerReceive);
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        controlTruncated = false;
        using var socketLease = new FdLease(socket);
        fixed (byte* bytes = buffer)
        {
            iovec iov = default;
            iov.iov_base = bytes;
            iov.iov_len = buffer.Length;
            msghdr message = default;
            message.msg_iov = &iov;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = space;
            long received;
            do
            {
                received = LibC.recvmsg(socketLease.Fd, &message, LibC.MSG_DONTWAIT | LibC.MSG_CMSG_CLOEXEC);
            }
            while (received < 0 && LibC.errno == LibC.EINTR);
            if (received < 0)
            {
                return new Outcome(received, LibC.errno);
            }

            // Take ownership of every descriptor first, so none leaks whatever we decide next.
            for (cmsghdr* header = LibC.CMSG_FIRSTHDR(&message); header != null; header = LibC.CMSG_NXTHDR(&message, header))
            {
                if (header->cmsg_level == LibC.SOL_SOCKET && header->cmsg_type == LibC.SCM_RIGHTS)
                {
                    int count = (int)((header->cmsg_len - ControlLength(0)) / sizeof(int));
                    int* received_fds = (int*)LibC.CMSG_DATA(header);
                    for (int i = 0; i < count; i++)
                    {
                        fds.Add(new SafeFileHandle(received_fds[i], ownsHandle: true));
                    }
                }
            }

            controlTruncated = (message.msg_flags & LibC.MSG_CTRUNC) != 0;
            return new Outcome(received, 0);
        }
    }

    /// <summary>
    /// cmsg_len for <paramref name="fdCount"/> descriptors: the aligned header plus the ints, as C's
    /// CMSG_LEN. Not Tmds.LibC 0.5.0's CMSG_LEN, which rounds its argument up to 8 bytes: for one
    /// descriptor it claims two, and the kernel then sends whatever int follows (fd 0) as well.
    /// </summary>
    public static int ControlLength(int fdCount) => LibC.CMSG_ALIGN(sizeof(cmsghdr)) + (fdCount * sizeof(int));

    /// <summary>dup() with CLOEXEC: a descriptor of our own, independent of the caller's handle.</summary>
    public static SafeFileHandle Duplicate(SafeHandle fd)
    {
        using var lease = new FdLease(fd);
        int copy = LibC.fcntl(lease.Fd, LibC.F_DUPFD_CLOEXEC, 0);
        if (copy < 0)
        {
            Errno.Throw("fcntl(F_DUPFD_CLOEXEC)", Errno.Last);
        }

        return new SafeFileHandle(copy, ownsHandle: true);
    }

    /// <summary>A connected pair of Unix stream sockets (for tests and in-process transports).</summary>
    public static (SafeFileHandle, SafeFileHandle) CreatePair()
    {
        int* pair = stackalloc int[2];
        if (LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, pair) < 0)
        {
            Errno.Throw("socketpair", Errno.Last);
        }

        return (new SafeFileHandle(pair[0], ownsHandle: true), new SafeFileHandle(pair[1], ownsHandle: true));
    }
}
