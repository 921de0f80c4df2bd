using System.Runtime.InteropServices;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>
/// For single-threaded event loops (the daemon's): one wait over many descriptors, the X
/// connection, listening sockets and channels alike.
/// </summary>
public static class Readiness
{
    /// <summary>
    /// Waits until a handle is readable (or writable where <paramref name="wantWrite"/> says so),
    /// or <paramref name="timeout"/> passes, or a signal interrupts the wait (then nothing is
    /// ready). <paramref name="ready"/>[i] tells about handles[i]. A <see cref="LoopWakeup"/> among
    /// the handles lets another thread end the wait at once.
    /// </summary>
    public static void Wait(ReadOnlySpan<SafeHandle> handles, ReadOnlySpan<bool> wantWrite, Span<bool> ready, TimeSpan timeout)
    {
        if (handles.Length != wantWrite.Length || handles.Length != ready.Length)
        {
            throw new ArgumentException("one wantWrite and one ready slot per handle");
        }

        Interop.Poll.WaitMany(handles, wantWrite, ready, (int)timeout.TotalMilliseconds);
    }
}
