using System.Diagnostics;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// syscall-probe.c, compiled with the host's cc into a qube's home (the qube runs it from there, on
/// the host's libraries bound read-only), and its report: case name to outcome ("0", an errno, or
/// "signal N").
/// </summary>
internal static class SyscallProbe
{
    /// <summary>Where the program is inside a qube.</summary>
    public const string InsidePath = "/home/user/syscall-probe";

    /// <summary>Compiles the probe into <paramref name="home"/> (a qube's home on the host).</summary>
    public static void CompileInto(string home)
    {
        string source = Path.Combine(BuiltProgram.RepositoryRoot.FullName, "tests", "Daemon.Tests", "Sandbox", "syscall-probe.c");
        var start = new ProcessStartInfo("cc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-O1", "-Wall", "-pthread", "-o", Path.Combine(home, "syscall-probe"), source])
        {
            start.ArgumentList.Add(argument);
        }

        using Process cc = Process.Start(start) ?? throw new InvalidOperationException("cannot start cc");
        string errors = cc.StandardError.ReadToEnd();
        Assert.True(cc.WaitForExit(TimeSpan.FromSeconds(120)), "cc did not finish");
        Assert.True(cc.ExitCode == 0, $"cc failed (gcc and libc6-dev are needed):\n{errors}");
    }

    /// <summary>The probe's lines as name to outcome; every line must have the probe's shape.</summary>
    public static Dictionary<string, string> Parse(string report)
    {
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in report.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            Assert.True(space > 0, $"not a probe line: '{line}'\n{report}");
            outcomes.Add(line[..space], line[(space + 1)..]);
        }

        Assert.True(outcomes.ContainsKey("getpid"), $"the probe did not run:\n{report}");
        return outcomes;
    }

    /// <summary>The command line that runs the probe inside a qube with its scratch folder (created empty first).</summary>
    public static string Script(string scratch, long keySerial = 0) =>
        $"rm -rf /home/user/{scratch}; mkdir /home/user/{scratch} && {InsidePath} /home/user/{scratch}" + (keySerial == 0 ? "" : $" {keySerial}");
}
