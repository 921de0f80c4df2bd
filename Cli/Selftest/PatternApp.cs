using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Cli.Selftest;

/// <summary>The pattern app `guivirt selftest` runs in its qubes (the test suites' TestApp).</summary>
internal static class PatternApp
{
    public const string Dll = "GuiVirt.TestApp.dll";

    /// <summary>The pattern app published as one native program (an installation's), needing no runtime.</summary>
    public const string Native = "GuiVirt.TestApp";

    /// <summary>Where an installation keeps the native pattern app, below this program's folder.</summary>
    public const string InstalledFolder = "selftest";

    /// <summary>Its folder (with its GuiVirt.X11.dll when it runs on the runtime); the self-test copies it into its qubes.</summary>
    public static string Directory()
    {
        string installed = Path.Combine(AppContext.BaseDirectory, InstalledFolder);
        return IsNative(installed) ? installed : ProgramLocation.Find(Dll, Path.Combine("tests", "TestApp"), "build the solution (./demo.sh or ./test.sh does)");
    }

    /// <summary>True for the native build (the JIT build's apphost of the same name is always beside its dll).</summary>
    public static bool IsNative(string directory) =>
        File.Exists(Path.Combine(directory, Native)) && !File.Exists(Path.Combine(directory, Dll));

    /// <summary>The command that runs the app in <paramref name="directory"/>: the program itself, or the runtime's host with its dll.</summary>
    public static string[] Command(string directory) =>
        IsNative(directory) ? [Path.Combine(directory, Native)] : [Path.Combine(HostPrograms.DotnetRoot(), "dotnet"), Path.Combine(directory, Dll)];
}
