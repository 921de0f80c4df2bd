using System.Diagnostics;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The control for the containment tests: a qube's sandbox as it was before the filter, the empty
/// environment and the fresh keyring. The same bubblewrap arguments as a qube's (the same home,
/// namespaces, binds and uid), but without "--seccomp", started straight from the calling thread
/// (so with that thread's session keyring) with this process's environment. What a test sees leak
/// here, and not in a real qube, is what the qube's containment stops.
/// </summary>
internal static class UnfilteredSandbox
{
    /// <summary>Runs `sh -c SCRIPT` in the sandbox and returns its standard output.</summary>
    public static string Run(SandboxSpec spec, string script)
    {
        List<string> arguments = [.. BwrapArguments.For(spec, ProgramLocation.AgentDirectory(), HostPrograms.DotnetRoot(), HostPrograms.DotnetRoot(), seccompFd: -1)];
        int seccomp = arguments.IndexOf("--seccomp");
        Assert.True(seccomp >= 0, "the qube's arguments have no --seccomp");
        arguments.RemoveRange(seccomp, 2);
        arguments.RemoveRange(arguments.IndexOf("--"), arguments.Count - arguments.IndexOf("--")); // the init and its parameters

        var start = new ProcessStartInfo(HostPrograms.Bubblewrap()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[.. arguments, "--", "/bin/sh", "-c", script])
        {
            start.ArgumentList.Add(argument);
        }

        using Process bwrap = Process.Start(start) ?? throw new InvalidOperationException("cannot start bwrap");
        Task<string> errors = bwrap.StandardError.ReadToEndAsync();
        string output = bwrap.StandardOutput.ReadToEnd();
        Assert.True(bwrap.WaitForExit(TimeSpan.FromSeconds(60)), "the unfiltered sandbox did not finish");
        Assert.True(bwrap.ExitCode == 0, $"the unfiltered sandbox failed ({bwrap.ExitCode}): {errors.Result}");
        return output;
    }
}
