using System.Collections.Concurrent;
using System.Diagnostics;
using GuiVirt.GuiDaemon.Interop;
using GuiVirt.GuiDaemon.Sandbox.Seccomp;
using Microsoft.Win32.SafeHandles;

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
    private static readonly BlockingCollection<(Func<Process> Start, TaskCompletionSource<Process> Started)> s_requests = [];

    static SandboxLauncher()
    {
        var thread = new Thread(Serve) { IsBackground = true, Name = "guivirt sandbox launcher" };
        thread.Start();
    }

    /// <summary>
    /// Starts the bwrap that <paramref name="startWithFilter"/> describes, given the numbers of the
    /// descriptors that hold the qube's system-call filter (for its "--seccomp FD"), its user
    /// database and, when <paramref name="resolvConf"/> is given, its resolv.conf (else -1).
    /// </summary>
    public static Process Start(Func<SandboxDescriptors, ProcessStartInfo> startWithFilter, string? resolvConf = null) =>
        OnLauncherThread(() => StartOne(startWithFilter, resolvConf));

    /// <summary>
    /// Starts a helper of a qube (its network, <see cref="UserNetwork"/>) with <paramref name="inherited"/>
    /// inheritable for this one start. On this thread, so no qube's bwrap started meanwhile can
    /// inherit them: they are descriptors of another qube's namespaces.
    /// </summary>
    public static Process StartHelper(ProcessStartInfo start, IReadOnlyList<SafeFileHandle> inherited) =>
        OnLauncherThread(() =>
        {
            foreach (SafeFileHandle descriptor in inherited)
            {
                MemoryFile.SetInheritable(descriptor, inheritable: true);
            }

            try
            {
                return Process.Start(start) ?? throw new SandboxException($"{start.FileName} did not start");
            }
            finally
            {
                foreach (SafeFileHandle descriptor in inherited)
                {
                    MemoryFile.SetInheritable(descriptor, inheritable: false);
                }
            }
        });

    private static Process OnLauncherThread(Func<Process> start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        s_requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach ((Func<Process> start, TaskCompletionSource<Process> started) in s_requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(start());
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

    private static Process StartOne(Func<SandboxDescriptors, ProcessStartInfo> startWithFilter, string? resolvConf)
    {
        byte[] filter = SyscallFilter.Bpf; // no filter, no qube: a missing libseccomp stops here
        SessionKeyring.JoinNewForNextQube();
        using SealedFile seccomp = SealedFile.Create("guivirt-seccomp", filter);
        using SealedFile passwd = SealedFile.Create("guivirt-passwd", QubeAccount.Passwd);
        using SealedFile group = SealedFile.Create("guivirt-group", QubeAccount.Group);
        using SealedFile? resolv = resolvConf is null ? null : SealedFile.Create("guivirt-resolv", System.Text.Encoding.ASCII.GetBytes(resolvConf));
        ProcessStartInfo start = startWithFilter(new SandboxDescriptors(seccomp.Number, passwd.Number, group.Number, resolv?.Number ?? -1));
        SealedFile[] inherited = resolv is null ? [seccomp, passwd, group] : [seccomp, passwd, group, resolv];
        return SealedFile.InheritedBy(inherited, () => Process.Start(start)) ?? throw new SandboxException($"{start.FileName} did not start");
    }
}
