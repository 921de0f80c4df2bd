using System.Diagnostics;
using System.Globalization;

namespace GuiVirt.Cli;

/// <summary>A private Xvfb for the commands that need a host display of their own (demo, selftest).</summary>
internal sealed class HeadlessDisplay : IDisposable
{
    private readonly Process _xvfb;

    private HeadlessDisplay(Process xvfb, string name)
    {
        _xvfb = xvfb;
        Name = name;
    }

    /// <summary>":N", for DISPLAY and --display.</summary>
    public string Name { get; }

    /// <summary>Starts Xvfb on the first free display number from 90, without TCP.</summary>
    public static HeadlessDisplay Start(int width, int height)
    {
        string xvfbPath = ChildProcesses.FindTool("Xvfb", "xvfb");
        for (int number = 90; number < 200; number++)
        {
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                continue;
            }

            var start = new ProcessStartInfo(xvfbPath) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string argument in (string[])[$":{number}", "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp", "-noreset"])
            {
                start.ArgumentList.Add(argument);
            }

            Process xvfb = Process.Start(start)!;
            xvfb.ErrorDataReceived += (_, _) => { };
            xvfb.BeginErrorReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && !xvfb.HasExited)
            {
                if (File.Exists($"/tmp/.X11-unix/X{number}"))
                {
                    Thread.Sleep(200);
                    return new HeadlessDisplay(xvfb, ":" + number.ToString(CultureInfo.InvariantCulture));
                }

                Thread.Sleep(50);
            }

            ChildProcesses.Stop(xvfb); // lost a race for this number, or it failed: try the next
        }

        throw new ControlException("could not start a headless X server (Xvfb)");
    }

    public void Dispose() => ChildProcesses.Stop(_xvfb);
}
