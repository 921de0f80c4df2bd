using System.Diagnostics;
using GuiVirt.Headless;
using GuiVirt.X11;

namespace GuiVirt.Cli.Selftest;

/// <summary>
/// `guivirt selftest`: proves on this machine what a qube can and cannot see and do. Two sandboxed
/// qubes and the host each show a secret pattern; the checks look at what each qube can capture,
/// at the host screen pixel by pixel, at the input each qube's X server receives, at the clipboard,
/// at forged titles and windows, and at the screen after a qube is killed. Prints a pass/fail
/// table; exit status 0 only when every check holds.
/// </summary>
internal sealed partial class SelftestRun
{
    private readonly SelftestRig _rig;
    private readonly SelftestReport _report;

    private SelftestRun(SelftestRig rig, SelftestReport report) => (_rig, _report) = (rig, report);

    /// <summary>`guivirt selftest --help` and the man page.</summary>
    public const string Description = """
        Proves the isolation on this machine and prints a pass/fail table.

        Starts its own headless host display, a daemon and two sandboxed qubes, alpha (blue) and
        beta (red), each showing a secret pattern next to a secret window of the host, and checks:
          1. capture isolation: what a qube can capture holds only its own windows;
          2. host fidelity: each qube window is shown pixel-exact in a frame of its label colour,
             titled [qube];
          3. forgery: forged titles, a screen-covering override-redirect window and oversized or
             off-screen windows cannot pass for the host or another qube, or draw outside their frame
             or on the title strip the daemon draws over each window;
          4. input isolation: keys and pointer motion aimed at alpha never reach beta's X server;
          5. clipboard isolation: beta gets alpha's clipboard only by Ctrl+Shift+C in alpha and then
             Ctrl+Shift+V in beta, and the daemon's copy is wiped after the paste;
          6. a killed qube leaves none of its pixels on the screen;
          7. alpha floor: a qube's translucent (ARGB) window is never less opaque than the floor
             (min_opacity), shows its label colour where it is transparent, and is framed opaque.

        Prints a table; exits 0 when every check passes, 1 otherwise. Takes under a minute.
        """;

    /// <summary>The tools the qubes run for the checks, with the Debian package of each.</summary>
    private static readonly (string Tool, string Package)[] Tools =
    [
        ("Xvfb", "xvfb"), ("bwrap", "bubblewrap"), ("xwd", "x11-apps"), ("xwininfo", "x11-utils"),
        ("xinput", "xinput"), ("xdotool", "xdotool"), ("xclip", "xclip"), ("stdbuf", "coreutils"),
    ];

    public static int Run(TextWriter output)
    {
        foreach ((string tool, string package) in Tools)
        {
            ChildProcesses.FindTool(tool, package); // a missing one is named with its package, before anything starts
        }

        var clock = Stopwatch.StartNew();
        var report = new SelftestReport(output);
        output.WriteLine("GuiVirt self-test: starting a private host display, a daemon and the sandboxed qubes alpha (blue) and beta (red)");
        using (SelftestRig rig = SelftestRig.Start())
        {
            output.WriteLine($"host display {rig.DisplayName} ({SelftestRig.ScreenWidth}x{SelftestRig.ScreenHeight}, private to this test)");
            output.WriteLine();
            report.PrintHeader();
            new SelftestRun(rig, report).RunChecks();
            if (report.Failed > 0 && rig.Daemon.Log is { Length: > 0 } log)
            {
                output.WriteLine();
                output.WriteLine("the daemon's log:");
                output.WriteLine(log.TrimEnd());
            }
        }

        CheckMonitors(report);
        output.WriteLine();
        string skipped = report.Skipped > 0 ? $" ({report.Skipped} skipped)" : "";
        output.WriteLine($"{report.Passed} of {report.Passed + report.Failed} checks passed{skipped} in {clock.Elapsed.TotalSeconds:0} s");
        return report.Failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// 3. forgery on a host of two monitors: an override-redirect window exactly covering one of
    /// them (half the root) is managed and framed, as the screen-cover rule judges each monitor.
    /// </summary>
    private static void CheckMonitors(SelftestReport report)
    {
        const string Property = "3 forgery", Check = "an override-redirect window covering one of two monitors is managed and framed";
        if (!XephyrServer.IsInstalled)
        {
            report.Skip(Property, Check, "needs Xephyr for a two-monitor host: install the Debian package xserver-xephyr");
            return;
        }

        report.Check(Property, Check, () =>
        {
            using SelftestRig rig = SelftestRig.Start(twoMonitors: true);
            int w = SelftestRig.MonitorWidth, h = SelftestRig.MonitorHeight;
            rig.StartPatternApp("alpha", "--seed", "7", "--override-redirect", "--geometry", FormattableString.Invariant($"{w}x{h}+{w}+0"), "--title", "right monitor");
            HostWindowInfo cover = rig.WaitForWindow(window => window.Qube == "alpha", "the window over the right monitor", 60);
            // The window is listed once it exists; its frame is painted when the host maps it.
            uint corner = rig.Screenshot(new XRect(w, 0, 1, 1))[0, 0];
            for (DateTime deadline = DateTime.UtcNow.AddSeconds(10); corner != SelftestRig.Alpha.Color && DateTime.UtcNow < deadline; Thread.Sleep(50))
            {
                corner = rig.Screenshot(new XRect(w, 0, 1, 1))[0, 0];
            }

            bool holds = !cover.Geometry.OverrideRedirect && corner == SelftestRig.Alpha.Color;
            return Outcome.Expect(holds, FormattableString.Invariant($"{cover.Bounds.Width}x{cover.Bounds.Height}+{cover.Bounds.X}+{cover.Bounds.Y} on a {2 * w}x{h} host, override-redirect on the host: {cover.Geometry.OverrideRedirect}, its corner {corner:X6}"));
        });
    }

    private void RunChecks()
    {
        if (!ShowSecrets())
        {
            return; // every other check looks for these windows: the failed setup row says why
        }

        CheckCaptures();
        CheckFidelity();
        CheckAlphaFloor();
        CheckInput();
        CheckClipboard();
        CheckForgery();
        CheckKilledQube();
    }
}
