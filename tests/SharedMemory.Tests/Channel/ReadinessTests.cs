using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using GuiVirt.SharedMemory.Channel;

namespace GuiVirt.SharedMemory.Tests.Channel;

/// <summary>The event loop's wait: a signal is not an error, and a wake-up ends the wait at once.</summary>
public sealed partial class ReadinessTests
{
    [Fact]
    public void ASignalThatInterruptsTheWaitReturnsWithNothingReady()
    {
        // A handler, so the signal interrupts poll (EINTR) instead of being ignored or ending the process.
        using var handler = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context => context.Cancel = true);
        using var quiet = new AnonymousPipeServerStream(PipeDirection.In); // nothing is ever written: never readable
        var ready = new bool[1];
        int waiterTid = 0;
        Exception? failure = null;
        using var started = new ManualResetEventSlim();
        using var returned = new ManualResetEventSlim();
        var waiter = new Thread(() =>
        {
            waiterTid = gettid();
            started.Set();
            try
            {
                ready[0] = true;
                Readiness.Wait([quiet.SafePipeHandle], [false], ready, TimeSpan.FromSeconds(120));
            }
            catch (Exception e)
            {
                failure = e;
            }

            returned.Set();
        });
        waiter.Start();
        started.Wait();
        var clock = Stopwatch.StartNew();

        // Signal that thread until its wait returns: a signal that lands before poll starts is simply handled.
        while (!returned.Wait(100))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the wait never returned");
            _ = tgkill(Environment.ProcessId, waiterTid, 28); // SIGWINCH (the thread may just have returned)
        }

        waiter.Join();
        Assert.Null(failure); // before the fix: "poll failed: Success (errno 0)"
        Assert.False(ready[0]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AWakeupFromAnotherThreadEndsTheWaitAtOnce()
    {
        using var wakeup = new LoopWakeup();
        using var quiet = new AnonymousPipeServerStream(PipeDirection.In); // nothing is ever written: never readable
        var ready = new bool[2];
        Readiness.Wait([quiet.SafePipeHandle, wakeup.Handle], [false, false], ready, TimeSpan.Zero);
        Assert.Equal([false, false], ready); // quiet before the signal

        var clock = Stopwatch.StartNew();
        var waiter = Task.Run(() => Readiness.Wait([quiet.SafePipeHandle, wakeup.Handle], [false, false], ready, TimeSpan.FromSeconds(120)));
        await Task.Delay(200); // let it wait (the result does not depend on it)
        wakeup.Signal();
        await waiter.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal([false, true], ready);

        wakeup.Reset();
        Readiness.Wait([quiet.SafePipeHandle, wakeup.Handle], [false, false], ready, TimeSpan.Zero);
        Assert.Equal([false, false], ready);
        wakeup.Dispose();
        wakeup.Signal(); // after Dispose: ignored, never a failure on a late callback's thread
    }

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc")]
    private static partial int tgkill(int processId, int threadId, int signal);
}
