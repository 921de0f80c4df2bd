using System.Collections.Concurrent;
using System.Diagnostics;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Starts bwrap processes from one thread that lives as long as the daemon. bwrap's
/// --die-with-parent is PR_SET_PDEATHSIG, and Linux counts the *thread* that forked as the
/// parent: started from a pool thread that later retires, a qube would be killed at a random
/// moment. This thread never ends, so only the daemon's death ends the qubes.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> s_requests = [];

    static SandboxLauncher()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "guivirt sandbox launcher" };
        thread.Start();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach ((ProcessStartInfo start, TaskCompletionSource<Process> started) in s_requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new SandboxException($"{start.FileName} did not start"));
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or SandboxException or InvalidOperationException)
            {
                started.SetException(new SandboxException($"cannot start {start.FileName}: {e.Message}"));
            }
        }
    }
}
