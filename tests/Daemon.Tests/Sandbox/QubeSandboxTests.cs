using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// Real bubblewrap qubes with their own Xvfb and the real agent, connected to a real daemon on a
/// host Xvfb. Each test checks one wall of the sandbox from inside it.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class QubeSandboxTests : IDisposable
{
    private readonly QubeRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void TheHostXServerIsUnreachableFromInsideWhileTheQubesOwnAnswers()
    {
        QubeSandbox a = _rig.Start("a");
        string result = _rig.RunForResult(a, "a", "x", """
            host=$1
            if [ -e "/tmp/.X11-unix/X$host" ]; then echo "host file socket visible"; else echo "no host file socket"; fi
            xdpyinfo -display ":$host" >/dev/null 2>&1; echo "host $?"
            xdpyinfo -display :0 >/dev/null 2>&1; echo "own $?"
            """, _rig.Host.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The qube's /tmp/.X11-unix is its own, so ":N" can only go through the abstract socket
        // @/tmp/.X11-unix/XN, which lives in the network namespace: it must fail.
        string[] lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("no host file socket", lines[0]);
        Assert.NotEqual("host 0", lines[1]);
        Assert.Equal("own 0", lines[2]);
    }

    [Fact]
    public void TheQubesScreenIsTheHostsInsideAFramebufferLargeEnoughForA4kHost()
    {
        QubeSandbox a = _rig.Start("a");
        // The host's 1280x800 from the first command on, with no wait: the init sets it before
        // any app starts (an app started at once used to see the framebuffer's 3840x2160).
        string result = _rig.RunForResult(a, "a", "screen", """
            xdpyinfo -display :0 | grep dimensions | tr -s ' '
            xrandr -display :0 | head -n 1
            """);

        Assert.Contains("dimensions: 1280x800 pixels", result, StringComparison.Ordinal);
        Assert.Contains($"maximum {SandboxSpec.MinFramebufferWidth} x {SandboxSpec.MinFramebufferHeight}", result, StringComparison.Ordinal);
    }

    [Fact]
    public void TheQubeHasNoNetworkInterfaceButLoopbackInANamespaceOfItsOwn()
    {
        QubeSandbox a = _rig.Start("a");
        string result = _rig.RunForResult(a, "a", "net", "ip -o link | cut -d: -f2 | tr -d ' '; readlink /proc/self/ns/net");
        string[] lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["lo"], lines[..^1]);
        Assert.NotEqual(File.ResolveLinkTarget("/proc/self/ns/net", returnFinalTarget: false)?.LinkTarget, lines[^1]);
    }

    [Fact]
    public void AQubeSeesOnlyItsOwnHomeWhichPersistsAcrossARestart()
    {
        QubeSandbox a = _rig.Start("a");
        QubeSandbox b = _rig.Start("b");
        Assert.Equal("written\n", _rig.RunForResult(b, "b", "secret-of-b", "echo written"));
        Assert.Equal("kept\n", _rig.RunForResult(a, "a", "mark-of-a", "echo kept"));

        string seen = _rig.RunForResult(a, "a", "seen", """
            ls -A /home/user /home
            find / -xdev -name 'secret-of-b' 2>/dev/null
            [ -e "$1" ] && echo "host path of b's home visible"
            true
            """, _rig.HomeOf("b"));
        Assert.DoesNotContain("secret-of-b", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("visible", seen, StringComparison.Ordinal);
        Assert.Contains("mark-of-a", seen, StringComparison.Ordinal);

        a.Dispose();
        QubeSandbox again = _rig.Start("a");
        Assert.Equal("kept\n", _rig.RunForResult(again, "a", "after-restart", "cat /home/user/mark-of-a"));
    }

    [Fact]
    public void AnAppStartedInTheQubeShowsItsWindowOnTheHostUnderTheQubesName()
    {
        QubeSandbox a = _rig.Start("a");
        a.Run(["xclock", "-update", "1"]);
        using var screen = new HostScreen(_rig.Host.Display);
        WaitForWindow(screen, "[a] xclock");
    }

    [Fact]
    public void ShellMetacharactersInAnArgumentArriveAsOneArgument()
    {
        QubeSandbox a = _rig.Start("a");
        string argument = "; echo pwned $(id)";
        File.Delete(Path.Combine(_rig.HomeOf("a"), "arg"));
        a.Run(["sh", "-c", "printf %s \"$1\" > /home/user/arg.part && mv /home/user/arg.part /home/user/arg", "sh", argument]);
        Assert.Equal(argument, QubeRig.WaitForFile(Path.Combine(_rig.HomeOf("a"), "arg")));
    }

    [Fact]
    public void EveryArgumentArrivesByteForByteIncludingEmptyOnesAndTrailingNewlines()
    {
        QubeSandbox a = _rig.Start("a");
        string[] arguments = ["", "*", "a  b", "line\n", "\n", "ünï €", "$HOME", "`id`", "'\"\\", "-n", "a=b c", "\t"];
        string result = _rig.RunForResult(a, "a", "args", "printf '%s\\n' \"$#\"; for x; do printf '<%s>' \"$x\"; done", arguments);
        Assert.Equal($"{arguments.Length}\n" + string.Concat(arguments.Select(x => $"<{x}>")), result);
    }

    [Fact]
    public void DisposeStopsEveryProcessOfTheQubeAndItsWindowsLeaveTheHost()
    {
        QubeSandbox a = _rig.Start("a");
        a.Run(["xclock"]);
        using var screen = new HostScreen(_rig.Host.Display);
        WaitForWindow(screen, "[a] xclock");
        IReadOnlyList<int> inside = ProcessTree.Descendants(a.ProcessId);
        Assert.True(inside.Count >= 4, $"expected init, Xvfb, agent and xclock under bwrap, found {inside.Count}");

        a.Dispose();

        Assert.False(a.IsRunning);
        Assert.False(ProcessTree.IsAlive(a.ProcessId));
        // One reading per process, so the message shows exactly what failed the check.
        string[] outlived = [.. inside.Select(p => (Pid: p, Stat: ProcessTree.StatFields(p)))
            .Where(p => p.Stat is [var state, ..] && state is not ("Z" or "X"))
            .Select(p => $"{p.Pid} {Comm(p.Pid)} state {p.Stat![0]}")];
        Assert.True(outlived.Length == 0, "outlived Dispose: " + string.Join("; ", outlived) + $"\ndaemon log:\n{_rig.Daemon.Log}");
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (screen.HasWindow("[a] xclock"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the stopped qube's window is still on the host\ndaemon log:\n{_rig.Daemon.Log}");
            Thread.Sleep(50);
        }

        Assert.Throws<SandboxException>(() => a.Run(["true"]));
    }

    [Fact]
    public void TheQubeRunsAsUser1000WithoutCapabilitiesUnderItsOwnNameWithAClearedEnvironment()
    {
        Environment.SetEnvironmentVariable("GUIVIRT_TEST_HOST_SECRET", "leaked");
        QubeSandbox a = _rig.Start("a");
        string result = _rig.RunForResult(a, "a", "who", """
            id -u; hostname; grep -E '^Cap(Eff|Prm|Bnd|Amb):' /proc/self/status
            printf 'secret=%s display=%s home=%s\n' "${GUIVIRT_TEST_HOST_SECRET-}" "$DISPLAY" "$HOME"
            [ -e "$1" ] && echo "host temp folder visible"
            touch /usr/guivirt-test 2>/dev/null && echo "/usr writable"
            touch /etc/guivirt-test 2>/dev/null && echo "/etc writable"
            cat /etc/shadow >/dev/null 2>&1 && echo "/etc/shadow readable"
            true
            """, Path.GetDirectoryName(_rig.HomeOf("a"))!);
        Environment.SetEnvironmentVariable("GUIVIRT_TEST_HOST_SECRET", null);
        Assert.Equal(
            "1000\na\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nsecret= display=:0 home=/home/user\n",
            result);
    }

    [Fact]
    public void AQubeStartedFromAThreadThatEndsLivesOn()
    {
        // --die-with-parent follows the thread that forked bwrap, not the process.
        QubeSandbox? a = null;
        string? task = null;
        var thread = new Thread(() =>
        {
            task = new FileInfo("/proc/thread-self").LinkTarget; // "PID/task/TID"
            a = _rig.Start("a");
        });
        thread.Start();
        thread.Join();
        // Join can return before the kernel thread is gone; once it is, the parent-death signal
        // has been sent, and a qube it killed could run nothing more.
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.Exists(Path.Combine("/proc", task!)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the thread that started the qube is still there after 10 s");
            Thread.Sleep(20);
        }

        Assert.True(a!.IsRunning);
        Assert.Equal("alive\n", _rig.RunForResult(a, "a", "alive", "echo alive"));
    }

    [Fact]
    public void AMissingHomeOrSocketIsReportedBeforeAnythingStarts()
    {
        string missing = Path.Combine(_rig.HomeOf("a"), "missing");
        SandboxException noHome = Assert.Throws<SandboxException>(() => QubeSandbox.Start(new SandboxSpec("a", _rig.Daemon.SocketOf("a"), missing, 800, 600)));
        Assert.Contains(missing, noHome.Message, StringComparison.Ordinal);
        SandboxException noSocket = Assert.Throws<SandboxException>(() => QubeSandbox.Start(new SandboxSpec("a", missing, _rig.HomeOf("a"), 800, 600)));
        Assert.Contains(missing, noSocket.Message, StringComparison.Ordinal);
    }

    private static string Comm(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/comm").Trim();
        }
        catch (IOException)
        {
            return "(gone)";
        }
    }

    private void WaitForWindow(HostScreen screen, string title)
    {
        try
        {
            screen.WaitForWindow(title, seconds: 40);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ndaemon log:\n{_rig.Daemon.Log}", e);
        }
    }
}
