using System.Diagnostics;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Service;

/// <summary>
/// A host Xvfb, a real `guivirt daemon` with its sockets and the qubes' folders (XDG_DATA_HOME)
/// under a temporary folder, and the `guivirt` command line against it. Qubes are started the
/// user's way, with `guivirt run`, as real bubblewrap sandboxes.
/// </summary>
internal sealed class ServiceRig : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-service-test-").FullName;
    private readonly List<Process> _clients = [];
    private readonly string[] _daemonArguments;

    /// <param name="daemonArguments">Given to `guivirt daemon` (a --config FILE).</param>
    public ServiceRig(params string[] daemonArguments)
    {
        _daemonArguments = daemonArguments;
        Host = new XvfbServer(1280, 800);
        Daemon = StartDaemon();
        Daemon.SocketOf("control"); // listening
    }

    public XvfbServer Host { get; }

    public DaemonProcess Daemon { get; }

    public string Sockets => Path.Combine(_directory, "sockets");

    public string DataHome => Path.Combine(_directory, "data");

    /// <summary>The daemon's command log of <paramref name="qube"/> on the host.</summary>
    public string LogOf(string qube) => Path.Combine(DataHome, "guivirt", "qubes", qube, "commands.log");

    /// <summary>Another daemon on the same folders (the first one's, unless it is gone).</summary>
    public DaemonProcess StartDaemon() =>
        new(Host.Display, Sockets, new Dictionary<string, string?> { ["XDG_DATA_HOME"] = DataHome }, _daemonArguments);

    public (int ExitCode, string Output, string Errors) Cli(params string[] arguments) => GuivirtCli.Run(Sockets, arguments);

    /// <summary>`guivirt ARGUMENTS` left running (`run` while a qube starts, `logs -f`); killed on Dispose if still there.</summary>
    public Process StartCli(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GUIVIRT_RUNTIME_DIR"] = Sockets;
        start.ArgumentList.Add(BuiltProgram.Path("Cli", "guivirt.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start guivirt");
        _clients.Add(process);
        return process;
    }

    /// <summary>Starts qube <paramref name="qube"/> (blue) with xclock and waits until its window is on the host.</summary>
    public void StartQubeWithAWindow(string qube)
    {
        (int code, string output, string errors) = Cli("run", qube, "--label", "blue", "--", "xclock", "-update", "1");
        Assert.True(code == 0, $"guivirt run failed ({code}): {output}{errors}\n{Daemon.Log}");
        WaitUntil(() => Cli("ls").Output.Contains($"{qube}", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(Cli("ls").Output, $@"{qube}\s+blue\s+running\s+1"), 60, $"qube {qube}'s window never reached the host");
    }

    /// <summary>A file's text read with cat: .NET's own file reading takes a shared flock first, which the daemon's held lock refuses.</summary>
    public static string ReadWithoutLocking(string path)
    {
        using Process cat = Process.Start(new ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true }) ?? throw new InvalidOperationException("no cat");
        string text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text;
    }

    public void WaitUntil(Func<bool> condition, double seconds, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}\ndaemon log:\n{Daemon.Log}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        foreach (Process client in _clients)
        {
            if (!client.HasExited)
            {
                client.Kill();
            }

            client.WaitForExit(5000);
            client.Dispose();
        }

        Daemon.Dispose();
        Host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
