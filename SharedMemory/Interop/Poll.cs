using System.Runtime.InteropServices;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// poll(2), bound here rather than through Tmds.LibC: its poll is imported without SetLastError,
/// so reading errno after it gives a stale value (0 when nothing failed before), and an EINTR from
/// a signal surfaced as "poll failed: Success (errno 0)".
/// </summary>
internal static unsafe partial class Poll
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
            ready = poll(fds, otherFd >= 0 ? 2u : 1u, timeoutMs);
        }
        while (ready < 0 && (Errno.Last == LibC.EINTR || Errno.Last == LibC.EAGAIN));
        if (ready < 0)
        {
            Errno.Throw("poll", Errno.Last);
        }

        return (fds[0].revents, otherFd >= 0 ? fds[1].revents : (short)0);
    }

    /// <summary>
    /// Waits until one of <paramref name="handles"/> is readable (or writable, where
    /// <paramref name="wantWrite"/> says so) or the timeout passes; <paramref name="ready"/> gets
    /// which ones are. Hang-ups and errors count as readable: the next read reports them. A signal
    /// that interrupts the wait (EINTR) returns at once with nothing ready, so an event loop sees
    /// the flag its signal handler set without waiting out the timeout.
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

            int result = poll(fds, (uint)handles.Length, timeoutMs);
            int errno = result < 0 ? Errno.Last : 0;
            if (result < 0 && errno != LibC.EINTR && errno != LibC.EAGAIN)
            {
                Errno.Throw("poll", errno);
            }

            // On EINTR (a signal) or EAGAIN (a passing shortage) nothing is ready: the caller's loop
            // looks at its flags and comes back.
            for (int i = 0; i < handles.Length; i++)
            {
                ready[i] = result > 0 && fds[i].revents != 0;
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

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int poll(pollfd* fds, nuint count, int timeoutMs);
}
