using GuiVirt.Headless;

namespace GuiVirt.Cli;

/// <summary>A private Xvfb for the commands that need a host display of their own (demo, selftest).</summary>
internal static class HeadlessDisplay
{
    /// <summary>Starts Xvfb on the first free display number from :90, without TCP; a problem is said in one line.</summary>
    public static XvfbServer Start(int width, int height)
    {
        ChildProcesses.FindTool("Xvfb", "xvfb"); // a missing one is named with its package
        try
        {
            return new XvfbServer(width, height, firstDisplay: 90);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new ControlException($"could not start a headless X server (Xvfb): {e.Message}");
        }
    }
}
