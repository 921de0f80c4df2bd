namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The fixture of <see cref="SandboxFilterTests"/>: one qube and one unfiltered sandbox, each probed once for all the cases.</summary>
public sealed class ProbedQube : IDisposable
{
    public ProbedQube()
    {
        try
        {
            Qube = Rig.Start("a");
            SyscallProbe.CompileInto(Rig.HomeOf("a"));
            InQube = SyscallProbe.Parse(Rig.RunForResult(Qube, "a", "probe-report", SyscallProbe.Script("probe-scratch")));
            Unfiltered = SyscallProbe.Parse(UnfilteredSandbox.Run(Rig.SpecOf("a"), SyscallProbe.Script("probe-scratch-unfiltered")));
        }
        catch
        {
            Rig.Dispose(); // the X server, the daemon and the qube stop even when a probe fails
            throw;
        }
    }

    internal QubeRig Rig { get; } = new();

    internal GuiDaemon.Sandbox.QubeSandbox Qube { get; }

    internal Dictionary<string, string> InQube { get; }

    internal Dictionary<string, string> Unfiltered { get; }

    public void Dispose() => Rig.Dispose();
}
