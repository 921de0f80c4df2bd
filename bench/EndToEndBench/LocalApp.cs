namespace GuiVirt.EndToEndBench;

/// <summary>A TestApp started by the benchmark itself (straight on the host, or on xpra's server display); its log is its stdout.</summary>
internal sealed class LocalApp : AppRun
{
    private readonly ChildProcess _process;

    public LocalApp(string testAppDll, IEnumerable<string> arguments)
    {
        _process = ChildProcess.Dotnet("TestApp", testAppDll, arguments, OnLine);
    }

    public override int ProcessId => _process.ProcessId;

    public override bool HasExited => _process.HasExited;

    public override string Log => _process.Log;

    public override void Dispose() => _process.Dispose();
}
