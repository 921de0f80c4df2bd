using System.Diagnostics;
using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// The control for the containment tests: a qube's sandbox as it was before the filter, the empty
/// environment and the fresh keyring. The same command as a qube's (the same home, namespaces,
/// binds and user), but without "--seccomp" and `env -i`, started straight from the calling thread
/// (so with that thread's session keyring) with this process's environment. What a test sees leak
/// here, and not in a real qube, is what the qube's containment stops.
/// </summary>
internal static class UnfilteredSandbox
{
    /// <summary>Runs `sh -c SCRIPT` in the sandbox and returns its standard output.</summary>
    public static string Run(SandboxSpec spec, string script)
    {
        // The qube's own command (as the qube's user where the daemon is root), less the filter and
        // the `env -i` before the qube's bwrap, and with the script in place of the init.
        Directory.CreateDirectory(spec.HomeDirectory!);
        QubeUser.Current.Own(spec.HomeDirectory, spec.AgentSocketPath); // as a qube's start does
        List<string> arguments = [.. SandboxCommand.For(spec, QubeUser.Current, [], ProgramLocation.AgentDirectory(), HostPrograms.DotnetRoot(), new SandboxDescriptors(-1, -1, -1))];
        int seccomp = arguments.IndexOf("--seccomp");
        Assert.True(seccomp >= 0, "the qube's arguments have no --seccomp");
        arguments.RemoveRange(seccomp, 2);
        // The host's own user database stays: the qube's comes from descriptors only the launcher makes.
        for (int data; (data = arguments.IndexOf("--ro-bind-data")) >= 0;)
        {
            arguments.RemoveRange(data, 3);
        }

        int clear = arguments.IndexOf("-i");
        if (clear > 0 && arguments[clear - 1].EndsWith("/env", StringComparison.Ordinal))
        {
            arguments.RemoveRange(clear - 1, 2);
        }

        arguments.RemoveRange(arguments.LastIndexOf("--"), arguments.Count - arguments.LastIndexOf("--")); // the init and its parameters

        var start = new ProcessStartInfo(arguments[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[.. arguments.Skip(1), "--", "/bin/sh", "-c", script])
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
