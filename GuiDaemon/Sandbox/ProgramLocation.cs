namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>Where the programs that run inside qubes are on the host.</summary>
public static class ProgramLocation
{
    public const string AgentDll = "guivirt-agent.dll";

    /// <summary>The agent published as one native program (NativeAOT): it needs no .NET runtime.</summary>
    public const string NativeAgent = "guivirt-agent";

    /// <summary>
    /// Where an installation keeps the native agent, below this program's folder: a folder of its
    /// own, because the whole folder is bound into every qube and should hold nothing else.
    /// </summary>
    public const string InstalledAgentFolder = "agent";

    /// <summary>The agent's folder: it is bound read-only into every qube.</summary>
    public static string AgentDirectory()
    {
        string installed = Path.Combine(AppContext.BaseDirectory, InstalledAgentFolder);
        return IsNativeAgent(installed) ? installed : Find(AgentDll, "GuiAgent", "build GuiAgent or install it with the daemon");
    }

    /// <summary>
    /// True when <paramref name="directory"/> holds the native agent. A JIT build has a program
    /// named guivirt-agent too (the apphost, which needs the runtime), always beside its dll.
    /// </summary>
    public static bool IsNativeAgent(string directory) =>
        File.Exists(Path.Combine(directory, NativeAgent)) && !File.Exists(Path.Combine(directory, AgentDll));

    /// <summary>
    /// Next to this program when installed together; otherwise, in a source tree, the project's
    /// output of the same configuration and framework as ours: ROOT/PROJECT/bin/CONFIG/TFM, with
    /// ROOT the folder holding GuiVirt.sln above this program.
    /// </summary>
    public static string Find(string dll, string projectFolder, string remedy)
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        if (File.Exists(Path.Combine(output.FullName, dll)))
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
            string built = Path.Combine(root.FullName, projectFolder, "bin", configuration.Name, output.Name);
            if (File.Exists(Path.Combine(built, dll)))
            {
                return built;
            }
        }

        throw new SandboxException($"{dll} is neither next to this program in {output.FullName} nor built in the source tree above it: {remedy}");
    }
}
