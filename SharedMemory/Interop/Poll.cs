using System.Runtime.InteropServices;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>poll(2) on two descriptors: a channel's socket and one more (an X connection).</summary>
internal static unsafe class Poll
{
    /// <summary>Waits up to <paramref name="timeoutMs"/>; returns the revents of both (0 on timeout).</summary>
    public static (short Socket, short Other) Wait(SafeHandle socket, bool wantWrite, int otherFd, int timeoutMs)
    {
        using var lease = new FdLease(socket);
        pollfd* fds = stackalloc pollfd[2];
        fds[0].fd = lease.Fd;
        fds[0].events = (short)(wantWrite ? LibC.POLLIN | LibC.POLLOUT : LibC.POLLIN);
        fds[1].fd = otherFd;
        fds[1].events = (short)LibC.POLLIN;
        int ready;
        do
        {
            ready = LibC.poll(fds, otherFd >= 0 ? 2u : 1u, timeoutMs);
        }
        while (ready < 0 && LibC.errno == LibC.EINTR);
        if (ready < 0)
        {
            Errno.Throw("poll", Errno.Last);
        }

        return (fds[0].revents, otherFd >= 0 ? fds[1].revents : (short)0);
    }
}
