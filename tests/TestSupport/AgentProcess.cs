using System.Diagnostics;

namespace GuiVirt.TestSupport;

/// <summary>A real guivirt-agent process on a qube display, talking to a socket; killed on Dispose.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    /// <param name="home">The agent's HOME (where a file copy lands: HOME/Incoming); by default the runner's own.</param>
    public AgentProcess(string display, string socketPath, bool once = true, string? home = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltProgram.Path("GuiAgent", "guivirt-agent.dll"));
        start.ArgumentList.Add("--display");
        start.ArgumentList.Add(display);
        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(socketPath);
        if (once)
        {
            start.ArgumentList.Add("--once");
        }

        if (home is not null)
        {
            start.Environment["HOME"] = home;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the agent");
        _output = new ProcessOutput(_process);
    }

    /// <summary>What the agent has printed so far.</summary>
    public string Log => _output.Text;

    public bool HasExited => _process.HasExited;

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
