namespace GuiVirt.EndToEndBench;

/// <summary>The limit: the TestApp draws straight onto the host display, with nothing in between.</summary>
internal sealed class DirectSystem(string testAppDll, string hostDisplay) : ISystem
{
    public string Name => "limit";

    public AppRun StartApp(IReadOnlyList<string> appArguments, string tag) => new LocalApp(testAppDll, ["--display", hostDisplay, .. appArguments]);

    public IReadOnlyList<(string Name, int ProcessId, bool Tree)> Proxies(AppRun app) => [];

    public void Dispose()
    {
    }
}
