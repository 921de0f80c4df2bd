using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.SharedMemory.Channel;

/// <summary>
/// Wakes a single-threaded event loop from another thread (a signal handler, a task that finished):
/// an eventfd the loop waits on with its other handles (<see cref="Readiness"/>). <see cref="Signal"/>
/// makes it readable, <see cref="Reset"/> clears it. Signals after Dispose are ignored, so a late
/// callback cannot fail.
/// </summary>
public sealed class LoopWakeup : IDisposable
{
    private readonly SafeFileHandle _eventFd = Interop.EventFd.Create();

    /// <summary>The handle to wait on: readable once <see cref="Signal"/> was called and until <see cref="Reset"/>.</summary>
    public SafeHandle Handle => _eventFd;

    /// <summary>Makes the handle readable; safe from any thread, at any time.</summary>
    public void Signal()
    {
        try
        {
            Interop.EventFd.Increment(_eventFd);
        }
        catch (ObjectDisposedException)
        {
            // The loop is gone: nobody is left to wake.
        }
    }

    /// <summary>Clears the handle again (the loop calls it when it saw the handle readable).</summary>
    public void Reset() => Interop.EventFd.Reset(_eventFd);

    public void Dispose() => _eventFd.Dispose();
}
