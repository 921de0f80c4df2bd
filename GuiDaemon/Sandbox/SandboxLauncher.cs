using System.Collections.Concurrent;
using System.Diagnostics;
using GuiVirt.GuiDaemon.Sandbox.Seccomp;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Starts bwrap processes from one thread that lives as long as the daemon. bwrap's
/// --die-with-parent is PR_SET_PDEATHSIG, and Linux counts the *thread* that forked as the
/// parent: started from a pool thread that later retires, a qube would be killed at a random
/// moment. This thread never ends, so only the daemon's death ends the qubes.
///
/// The same thread gives each bwrap what must be set up in the forking thread itself: a session
/// keyring of its own (<see cref="SessionKeyring"/>) and the descriptor of the system-call filter
/// (<see cref="FilterDescriptor"/>); one qube start at a time, so neither can reach another qube.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(Func<int, ProcessStartInfo> Start, TaskCompletionSource<Process> Started)> s_requests = [];

    static SandboxLauncher()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "guivirt sandbox launcher" };
        thread.Start();
    }

    /// <summary>
    /// Starts the bwrap that <paramref name="startWithFilter"/> describes, given the number of the
    /// descriptor that holds the qube's system-call filter (for its "--seccomp FD").
    /// </summary>
    public static Process Start(Func<int, ProcessStartInfo> startWithFilter)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_requests.Add((startWithFilter, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach ((Func<int, ProcessStartInfo> startWithFilter, TaskCompletionSource<Process> started) in s_requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(StartOne(startWithFilter));
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                started.SetException(new SandboxException($"cannot start the sandbox: {e.Message}"));
            }
            catch (SandboxException e)
            {
                started.SetException(e);
            }
        }
    }

    private static Process StartOne(Func<int, ProcessStartInfo> startWithFilter)
    {
        byte[] filter = SyscallFilter.Bpf; // no filter, no qube: a missing libseccomp stops here
        SessionKeyring.JoinNewForNextQube();
        using FilterDescriptor descriptor = FilterDescriptor.Create(filter);
        ProcessStartInfo start = startWithFilter(descriptor.Number);
        return descriptor.InheritedBy(() => Process.Start(start)) ?? throw new SandboxException($"{start.FileName} did not start");
    }
}
