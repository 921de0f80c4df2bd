using System.Diagnostics;

namespace GuiVirt.Cli;

/// <summary>Finding and stopping the programs the command line starts itself.</summary>
internal static class ChildProcesses
{
    /// <summary>A program on the PATH, or an error naming the Debian package that has it.</summary>
    public static string FindTool(string name, string package)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ControlException($"{name} is missing: install the Debian package {package} (apt-get install {package})");
    }

    /// <summary>SIGTERM, then SIGKILL of the tree after 5 s; the process object is disposed.</summary>
    public static void Stop(Process? process)
    {
        if (process is null || process.HasExited)
        {
            process?.Dispose();
            return;
        }

        _ = Tmds.Linux.LibC.kill(process.Id, Tmds.Linux.LibC.SIGTERM);
        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
