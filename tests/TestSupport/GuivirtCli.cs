using System.Diagnostics;

namespace GuiVirt.TestSupport;

/// <summary>Runs the `guivirt` command line as a user would, against the daemon whose sockets are in <c>runtimeDirectory</c>.</summary>
public static class GuivirtCli
{
    public static (int ExitCode, string Output, string Errors) Run(string runtimeDirectory, params string[] arguments) =>
        RunIn(runtimeDirectory, Environment.CurrentDirectory, arguments);

    /// <summary>Runs in <paramref name="workingDirectory"/>, with no DISPLAY (a machine without a desktop).</summary>
    public static (int ExitCode, string Output, string Errors) RunIn(string runtimeDirectory, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Remove("DISPLAY");
        start.ArgumentList.Add(BuiltProgram.Path("Cli", "guivirt.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GUIVIRT_RUNTIME_DIR"] = runtimeDirectory;
        start.Environment["XDG_DATA_HOME"] = runtimeDirectory + "-data"; // the qubes' homes, as DaemonProcess keeps them: never the user's own
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start guivirt");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"guivirt {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}
