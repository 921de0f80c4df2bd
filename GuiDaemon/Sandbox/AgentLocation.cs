namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>Where guivirt-agent.dll is on the host: its folder is bound read-only into every qube.</summary>
internal static class AgentLocation
{
    public const string AgentDll = "guivirt-agent.dll";

    /// <summary>
    /// Next to this program when installed together; otherwise, in a source tree, the agent project's
    /// output of the same configuration and framework as ours: ROOT/GuiAgent/bin/CONFIG/TFM, with ROOT
    /// the folder holding GuiVirt.sln above this program.
    /// </summary>
    public static string Directory()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        if (File.Exists(Path.Combine(output.FullName, AgentDll)))
        {
            return output.FullName;
        }

        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GuiVirt.sln")))
        {
            root = root.Parent;
        }

        if (root is not null && output.Parent is { } configuration)
        {
            string built = Path.Combine(root.FullName, "GuiAgent", "bin", configuration.Name, output.Name);
            if (File.Exists(Path.Combine(built, AgentDll)))
            {
                return built;
            }
        }

        throw new SandboxException($"{AgentDll} is neither next to this program in {output.FullName} nor built in the source tree above it: build GuiAgent or install it with the daemon");
    }
}
