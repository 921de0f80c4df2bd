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
        while (ready < 0 && (LibC.errno == LibC.EINTR || LibC.errno == LibC.EAGAIN));
        if (ready < 0)
        {
            Errno.Throw("poll", Errno.Last);
        }

        return (fds[0].revents, otherFd >= 0 ? fds[1].revents : (short)0);
    }

    /// <summary>
    /// Waits until one of <paramref name="handles"/> is readable (or writable, where
    /// <paramref name="wantWrite"/> says so) or the timeout passes; <paramref name="ready"/> gets
    /// which ones are. Hang-ups and errors count as readable: the next read reports them.
    /// </summary>
    public static void WaitMany(ReadOnlySpan<SafeHandle> handles, ReadOnlySpan<bool> wantWrite, Span<bool> ready, int timeoutMs)
    {
        pollfd* fds = stackalloc pollfd[handles.Length];
        Span<bool> added = stackalloc bool[handles.Length];
        try
        {
            for (int i = 0; i < handles.Length; i++)
            {
                handles[i].DangerousAddRef(ref added[i]);
                fds[i].fd = (int)handles[i].DangerousGetHandle();
                fds[i].events = (short)(wantWrite[i] ? LibC.POLLIN | LibC.POLLOUT : LibC.POLLIN);
            }

            int result;
            do
            {
                result = LibC.poll(fds, (uint)handles.Length, timeoutMs);
            }
            while (result < 0 && (LibC.errno == LibC.EINTR || LibC.errno == LibC.EAGAIN)); // a signal (SIGTERM) or a passing shortage: wait again
            if (result < 0)
            {
                Errno.Throw("poll", Errno.Last);
            }

            for (int i = 0; i < handles.Length; i++)
            {
                ready[i] = fds[i].revents != 0;
            }
        }
        finally
        {
            for (int i = 0; i < handles.Length; i++)
            {
                if (added[i])
                {
                    handles[i].DangerousRelease();
                }
            }
        }
    }
}
