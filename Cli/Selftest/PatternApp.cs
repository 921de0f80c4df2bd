using GuiVirt.GuiDaemon.Sandbox;

namespace GuiVirt.Cli.Selftest;

/// <summary>The pattern app `guivirt selftest` runs in its qubes (the test suites' TestApp).</summary>
internal static class PatternApp
{
    public const string Dll = "GuiVirt.TestApp.dll";

    /// <summary>Its folder (with its GuiVirt.X11.dll); the self-test copies it into its qubes.</summary>
    public static string Directory() => ProgramLocation.Find(Dll, Path.Combine("tests", "TestApp"), "build the solution (./demo.sh or ./test.sh does)");
}
