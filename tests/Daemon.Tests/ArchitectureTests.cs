using System.Reflection;
using GuiVirt.GuiDaemon;

namespace GuiVirt.Daemon.Tests;

/// <summary>The daemon's assembly is the trusted core and nothing else: no command line, demo or self-test code runs in it.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(DaemonProgram).Assembly;

    [Fact]
    public void TheDaemonReferencesOnlyTheLibrariesItNeeds()
    {
        string[] references = [.. Core.GetReferencedAssemblies().Select(name => name.Name!).Where(name => name.StartsWith("GuiVirt", StringComparison.Ordinal) || name == "guivirt").Order()];
        Assert.Equal(["GuiVirt.Protocol", "GuiVirt.SharedMemory", "GuiVirt.X11"], references);
    }

    [Fact]
    public void NoCommandLineDemoOrSelftestTypeIsInTheDaemon()
    {
        Type[] types = Core.GetTypes();
        Assert.Contains(types, type => type.Name == "QubeSession"); // the check looks at the right assembly
        Assert.DoesNotContain(types, type => type.Namespace?.StartsWith("GuiVirt.Cli", StringComparison.Ordinal) == true
            || type.Name.Contains("Demo", StringComparison.Ordinal)
            || type.Name.Contains("Selftest", StringComparison.Ordinal)
            || type.Name.Contains("Screenshot", StringComparison.Ordinal)
            || type.Name.Contains("ControlClient", StringComparison.Ordinal));
    }
}
