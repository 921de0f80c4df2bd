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
/// keyring of its own (<see cref="SessionKeyring"/>) and the descriptors of the system-call filter
/// and the qube's user database (<see cref="SealedFile"/>); one qube start at a time, so none of
/// them can reach another qube.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(Func<SandboxDescriptors, ProcessStartInfo> Start, TaskCompletionSource<Process> Started)> s_requests = [];

    static SandboxLauncher()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "guivirt sandbox launcher" };
        thread.Start();
    }

    /// <summary>
    /// Starts the bwrap that <paramref name="startWithFilter"/> describes, given the numbers of the
    /// descriptors that hold the qube's system-call filter (for its "--seccomp FD") and user database.
    /// </summary>
    public static Process Start(Func<SandboxDescriptors, ProcessStartInfo> startWithFilter)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_requests.Add((startWithFilter, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach ((Func<SandboxDescriptors, ProcessStartInfo> startWithFilter, TaskCompletionSource<Process> started) in s_requests.GetConsumingEnumerable())
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

    private static Process StartOne(Func<SandboxDescriptors, ProcessStartInfo> startWithFilter)
    {
        byte[] filter = SyscallFilter.Bpf; // no filter, no qube: a missing libseccomp stops here
        SessionKeyring.JoinNewForNextQube();
        using SealedFile seccomp = SealedFile.Create("guivirt-seccomp", filter);
        using SealedFile passwd = SealedFile.Create("guivirt-passwd", QubeAccount.Passwd);
        using SealedFile group = SealedFile.Create("guivirt-group", QubeAccount.Group);
        ProcessStartInfo start = startWithFilter(new SandboxDescriptors(seccomp.Number, passwd.Number, group.Number));
        return SealedFile.InheritedBy([seccomp, passwd, group], () => Process.Start(start)) ?? throw new SandboxException($"{start.FileName} did not start");
    }
}
