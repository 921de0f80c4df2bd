using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GuiVirt.Daemon.Tests.Sandbox;
using GuiVirt.EndToEndBench.Remote;
using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Remote;

/// <summary>
/// A remote qube through a real OpenSSH sshd on a loopback port (docs/remote.md): `guivirt run
/// --host` starts ssh and the sandboxed importer; the far side (this machine, through sshd) starts
/// the qube and its exporter. The TestApp's pixels arrive exactly, framed in the label colour;
/// killing the ssh client removes the windows within 2 s while the daemon lives on; running again
/// reattaches the windows of the qube, which kept running on the far side. So does a network that
/// goes silent under a live link (a user-space relay between ssh and sshd that drops every byte).
/// </summary>
[Collection(XServerCollection.Name)]
public sealed partial class RemoteQubeTests : IDisposable
{
    private const uint Green = 0x73D216;
    private const int Frame = 2;
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-remote-test-").FullName;
    private readonly SshServer _ssh;
    private readonly DaemonRig _rig;
    private readonly string _dotnet = Path.Combine(HostPrograms.DotnetRoot(), "dotnet");

    public RemoteQubeTests()
    {
        _ssh = new SshServer(Path.Combine(_directory, "ssh"));
        string guivirt = BuiltProgram.Path("Cli", "guivirt.dll");
        _rig = new DaemonRig($"""
            frame_width = {Frame}
            decorations = "frame"
            [remote]
            ssh_config = "{_ssh.ClientConfig}"
            guivirt = "'{_dotnet}' '{guivirt}'"
            [[qube]]
            name = "farset"
            label = "orange"
            host = "{_ssh.Host}"
            network = "user"
            memory_mib = 300
            pids = 200
            cpu_weight = 40
            tmp_mib = 40
            scale = 1.5
            upscale = 2
            """);

        // The pattern app, in the far qube's home (the far machine's files, as a user would install an app there).
        string app = Path.GetDirectoryName(BuiltProgram.Path(Path.Combine("tests", "TestApp"), "GuiVirt.TestApp.dll"))!;
        string farHome = QubePaths.Home("far", _ssh.FarDataHome);
        Directory.CreateDirectory(Path.Combine(farHome, "app"));
        foreach (string file in Directory.EnumerateFiles(app))
        {
            File.Copy(file, Path.Combine(farHome, "app", Path.GetFileName(file)));
        }
    }

    public void Dispose()
    {
        _rig.Dispose();
        StopKeeper();
        _ssh.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void ARemoteQubeIsShownPixelExactAndFramedAndItsLinkDyingRemovesItsWindowsUntilItIsReattached()
    {
        RunRemote("--geometry", "300x200+100+120", "--seed", "42", "--title", "remote");
        using var screen = new HostScreen(_rig.Host.Display);
        (XWindow window, XRect bounds) = WaitForWindow(screen, "[far] remote");
        Assert.Equal(new XRect(100 - Frame, 120 - Frame, 300 + (2 * Frame), 200 + (2 * Frame)), bounds);
        var expected = new uint[300 * 200];
        Pattern.Fill(expected, 300, 200, 42, 0);
        WaitUntil(() => screen.Screenshot(new XRect(100, 120, 300, 200)).SequenceEqual(expected), "the remote qube's pixels on the host screen");
        AssertFrame(screen.Screenshot(bounds), bounds.Width, bounds.Height, Green);
        Assert.Equal("far", screen.Text(window, "_QUBES_VMNAME"));

        // The importer, which decodes what the far machine sends, runs under the qubes' system-call filter.
        int importer = ProcessTree.Descendants(_rig.Daemon.ProcessId).Single(pid =>
            HostFiles.CommandLine(pid) is var command && command.Contains("remote import", StringComparison.Ordinal) && !command.Contains("bwrap", StringComparison.Ordinal));
        string status = File.ReadAllText($"/proc/{importer.ToString(CultureInfo.InvariantCulture)}/status");
        Assert.Contains("Seccomp:\t2", status, StringComparison.Ordinal); // 2: a filter
        Assert.Contains("NoNewPrivs:\t1", status, StringComparison.Ordinal);
        if (Environment.IsPrivilegedProcess)
        {
            // A root daemon's importer runs as the qubes' user, as its qubes do: never as root.
            Assert.DoesNotMatch(@"(?m)^Uid:\t0\t", status);
        }

        // Nothing of the daemon's environment in the sandbox: bwrap's processes (its pid 1 is
        // readable inside) start with none, the importer with only what its sandbox sets (and PWD,
        // which bwrap sets after its --chdir).
        foreach (int pid in ProcessTree.Descendants(_rig.Daemon.ProcessId).Where(pid => HostFiles.CommandLine(pid).Contains("remote import", StringComparison.Ordinal)))
        {
            string[] names = [.. File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=')[0])];
            string[] allowed = pid == importer ? ["PATH", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_EnableDiagnostics", "XDG_RUNTIME_DIR", "PWD"] : [];
            Assert.True(names.All(allowed.Contains), $"{HostFiles.CommandLine(pid)}: environment {string.Join(' ', names)}");
        }

        // The link dies: ssh is killed. The windows go within 2 s; the daemon lives on.
        Match started = Regex.Match(_rig.Daemon.Log, @"qube far: remote link to \S+ started \(ssh process (\d+)\)");
        Assert.True(started.Success, _rig.Daemon.Log);
        var clock = Stopwatch.StartNew();
        Process.GetProcessById(int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture)).Kill();
        screen.WaitUntilGone("[far] remote", seconds: 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the windows went after {clock.Elapsed}");
        Assert.False(_rig.Daemon.HasExited);
        Assert.Contains("far", _rig.List(), StringComparison.Ordinal);

        // Again: the far qube kept running (its app too), and its window comes back, pixel-exact.
        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, "run", "--host", _ssh.Host, "far", "--", "true");
        Assert.True(code == 0, $"{output}{errors}\n{Logs()}");
        (_, bounds) = WaitForWindow(screen, "[far] remote");
        WaitUntil(() => screen.Screenshot(new XRect(bounds.X + Frame, bounds.Y + Frame, 300, 200)).SequenceEqual(expected), "the reattached window's pixels");
    }

    [Fact]
    public void ANetworkGoneSilentRemovesTheWindowsAndRunningAgainReattachesThem()
    {
        // ssh reaches sshd through a relay (the benchmark's link, at loopback speed), which can make
        // the network silent: bytes vanish, both TCP connections stay open, no end or reset arrives.
        using var relay = new LinkRelay(new LinkSpec("loopback", 1e12, TimeSpan.Zero), new IPEndPoint(IPAddress.Loopback, _ssh.Port));
        _ssh.AlsoReachedAt(relay.Port);
        string host = $"root@127.0.0.1:{relay.Port}";
        RunRemoteAt(host, "--geometry", "300x200+100+120", "--seed", "42", "--title", "remote");
        using var screen = new HostScreen(_rig.Host.Display);
        WaitForWindow(screen, "[far] remote");
        var expected = new uint[300 * 200];
        Pattern.Fill(expected, 300, 200, 42, 0);
        WaitUntil(() => screen.Screenshot(new XRect(100, 120, 300, 200)).SequenceEqual(expected), "the remote qube's pixels on the host screen");

        // Only ssh's keepalives (ServerAliveInterval 1, ServerAliveCountMax 1) can notice: its
        // timeout ends the link, and the windows go (in about 2 s, docs/remote.md; not timed here).
        relay.Silence();
        screen.WaitUntilGone("[far] remote", seconds: 30);
        WaitUntil(() => _rig.Daemon.Log.Contains("qube far: ssh: Timeout, server 127.0.0.1 not responding", StringComparison.Ordinal), "the daemon to log why the link ended");
        Assert.False(_rig.Daemon.HasExited);
        Assert.Contains("far", _rig.List(), StringComparison.Ordinal);

        // The network is back (a new connection through the relay): running again reattaches the
        // window of the far qube, which kept running, pixel-exact.
        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, "run", "--host", host, "far", "--", "true");
        Assert.True(code == 0, $"{output}{errors}\n{Logs()}");
        (_, XRect bounds) = WaitForWindow(screen, "[far] remote");
        WaitUntil(() => screen.Screenshot(new XRect(bounds.X + Frame, bounds.Y + Frame, 300, 200)).SequenceEqual(expected), "the reattached window's pixels");
    }

    [Fact]
    public void KeysAndTheClipboardHotkeysWorkAcrossTheLinkBothWays()
    {
        RunRemote("--geometry", "200x150+100+100", "--seed", "3", "--title", "typed", "--log", "/home/user/app.log");
        string farHome = QubePaths.Home("far", _ssh.FarDataHome);
        Run(remote: true, "sh", "-c", "printf far-secret | xclip -selection clipboard -i");

        string nearHome = StartNear();
        using var screen = new HostScreen(_rig.Host.Display);
        (_, XRect far) = WaitForWindow(screen, "[far] typed");
        (_, XRect near) = WaitForWindow(screen, "[near] near");

        // A key typed on the host reaches the far app (keycode 38 is 'a').
        Hotkey(screen, far, "a");
        WaitUntil(() => File.Exists(Path.Combine(farHome, "app.log")) && File.ReadAllText(Path.Combine(farHome, "app.log")).Contains("key press keycode=38", StringComparison.Ordinal), "the far app to log the key");

        // Far to near: Ctrl+Shift+C in the far window, Ctrl+Shift+V in the near one.
        Hotkey(screen, far, "ctrl+shift+c");
        WaitUntil(() => GuivirtCli.Run(_rig.Sockets, "clipboard").Output.Contains("from far", StringComparison.Ordinal), "the copy from the far qube");
        Hotkey(screen, near, "ctrl+shift+v");
        WaitUntil(() => Clipboard(remote: false, nearHome) == "far-secret", "the far qube's text in the near qube");

        // Near to far.
        Run(remote: false, "sh", "-c", "printf near-secret | xclip -selection clipboard -i");
        Hotkey(screen, near, "ctrl+shift+c");
        WaitUntil(() => GuivirtCli.Run(_rig.Sockets, "clipboard").Output.Contains("from near", StringComparison.Ordinal), "the copy from the near qube");
        Hotkey(screen, far, "ctrl+shift+v");
        WaitUntil(() => Clipboard(remote: true, farHome) == "near-secret", "the near qube's text in the far qube");
    }

    [Fact]
    public void StopEndsTheFarQubeWithItsKeeperAndTheNextRunStartsItAfresh()
    {
        RunRemote("--geometry", "200x100+100+100", "--seed", "5", "--title", "before");
        using var screen = new HostScreen(_rig.Host.Display);
        WaitForWindow(screen, "[far] before");
        int keeper = KeeperProcess() ?? throw new InvalidOperationException($"no keeper in the far log\n{Logs()}");
        IReadOnlyList<int> far = ProcessTree.Descendants(keeper);
        Assert.True(far.Count >= 4, $"expected the far qube's bwrap, init, Xvfb, agent and app under its keeper, found {far.Count}");

        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, "stop", "far");
        Assert.True(code == 0 && output.Contains("qube far stopped", StringComparison.Ordinal), $"guivirt stop far ({code}): {output}{errors}\n{Logs()}");
        screen.WaitUntilGone("[far] before");
        WaitUntil(() => !ProcessTree.IsAlive(keeper) && !far.Any(ProcessTree.IsAlive), "the far keeper and every process of the far qube to end");

        // The next run starts the far qube anew: the app of before is not there any more.
        RunRemote("--geometry", "200x100+100+100", "--seed", "6", "--title", "after");
        WaitForWindow(screen, "[far] after");
        Assert.False(screen.HasWindow("[far] before"));
        Assert.NotEqual(keeper, KeeperProcess());
    }

    [Fact]
    public void TheHostsConfigurationOfARemoteQubeIsAppliedOnTheFarMachine()
    {
        // network, memory, tasks, CPU weight, tmpfs and scale are the far sandbox's: the host
        // sends them to the far side, which starts the qube with them (not with its defaults).
        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, "run", "farset", "--", "sh", "-c",
            "{ env; df -m /tmp | tail -n 1; xdpyinfo | grep dimensions:; echo links: $(ip -o link | cut -d: -f2); } > /home/user/settings.part 2>&1; mv /home/user/settings.part /home/user/settings");
        Assert.True(code == 0, $"guivirt run farset ({code}): {output}{errors}\n{Logs("farset")}");
        string file = Path.Combine(QubePaths.Home("farset", _ssh.FarDataHome), "settings");
        WaitUntil(() => File.Exists(file), "the far qube to write its settings", "farset");
        string[] lines = File.ReadAllLines(file);
        Assert.Contains("QT_SCALE_FACTOR=1.5", lines);
        Assert.Contains("XCURSOR_SIZE=36", lines);
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^tmpfs\s+40\s")); // /tmp of 40 MiB
        Assert.Contains(lines, line => line.Contains("dimensions:    640x400 pixels", StringComparison.Ordinal)); // upscale 2: half the host's 1280x800
        string links = lines.Single(line => line.StartsWith("links:", StringComparison.Ordinal));
        Assert.True(links.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 2, links); // an interface besides lo: pasta's

        // The keeper says what it started: the limits the far machine's kernel enforces.
        string log = File.ReadAllText(Path.Combine(_ssh.FarRuntime, "guivirt-remote", "farset.log"));
        Assert.Matches(@"memory 300 MiB, 200 tasks, cpu weight 40 \(cgroup v[12]\), /tmp 40 MiB; network user \(pasta, process \d+\); scale 150%", log);
    }

    /// <summary>A local qube beside the far one, the pattern app copied into its home and started ("[near] near"); its home.</summary>
    private string StartNear()
    {
        string app = Path.GetDirectoryName(BuiltProgram.Path(Path.Combine("tests", "TestApp"), "GuiVirt.TestApp.dll"))!;
        string nearHome = _rig.HomeOf("near");
        Directory.CreateDirectory(Path.Combine(nearHome, "app"));
        foreach (string file in Directory.EnumerateFiles(app))
        {
            File.Copy(file, Path.Combine(nearHome, "app", Path.GetFileName(file)));
        }

        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, "run", "near", "--label", "red", "--", _dotnet, "/home/user/app/GuiVirt.TestApp.dll", "--geometry", "200x150+500+100", "--seed", "4", "--title", "near");
        Assert.True(code == 0, $"{output}{errors}\n{Logs()}");
        return nearHome;
    }

    /// <summary>The far keeper's process, from the last line of the far log that names it.</summary>
    private int? KeeperProcess(string qube = "far")
    {
        string log = Path.Combine(_ssh.FarRuntime, "guivirt-remote", qube + ".log");
        return File.Exists(log) && Regex.Matches(File.ReadAllText(log), @"keeper process (\d+)") is { Count: > 0 } found
            ? int.Parse(found[^1].Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
    }

    private void Hotkey(HostScreen screen, XRect window, string keys)
    {
        screen.ClickToFocus(window.X + 40, window.Y + 40);
        Assert.Equal(0, ToolProcess.Run(_rig.Host.Display, "xdotool", "key", keys).ExitCode);
    }

    /// <summary>The qube's CLIPBOARD as xclip inside it reads it, through a file in its home.</summary>
    private string? Clipboard(bool remote, string home) =>
        ClipboardBytes(remote, home, "UTF8_STRING") is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The qube's CLIPBOARD converted to <paramref name="target"/> by xclip inside it, through a file in its home.</summary>
    private byte[]? ClipboardBytes(bool remote, string home, string target)
    {
        string file = Path.Combine(home, "clip.out");
        File.Delete(file);
        Run(remote, "sh", "-c", $"xclip -selection clipboard -t {target} -o > /home/user/clip.part; mv /home/user/clip.part /home/user/clip.out");
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (!File.Exists(file) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    private void Run(bool remote, params string[] command)
    {
        string[] arguments = remote ? ["run", "--host", _ssh.Host, "far", "--", .. command] : ["run", "near", "--", .. command];
        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, arguments);
        Assert.True(code == 0, $"guivirt {string.Join(' ', arguments)}: {output}{errors}\n{Logs()}");
    }

    private void RunRemote(params string[] appArguments) => RunRemoteAt(_ssh.Host, appArguments);

    private void RunRemoteAt(string host, params string[] appArguments)
    {
        (int code, string output, string errors) = GuivirtCli.Run(_rig.Sockets, ["run", "--host", host, "far", "--label", "green", "--", _dotnet, "/home/user/app/GuiVirt.TestApp.dll", .. appArguments]);
        Assert.True(code == 0, $"guivirt run --host failed ({code}): {output}{errors}\n{Logs()}");
    }

    private (XWindow Window, XRect Bounds) WaitForWindow(HostScreen screen, string title)
    {
        try
        {
            return screen.WaitForWindow(title, 40);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Logs()}", e);
        }
    }

    private string Logs(string qube = "far")
    {
        string keeper = Path.Combine(_ssh.FarRuntime, "guivirt-remote", qube + ".log");
        return $"daemon log:\n{_rig.Daemon.Log}\nsshd log:\n{_ssh.LogText}\nkeeper log:\n{(File.Exists(keeper) ? File.ReadAllText(keeper) : "(none)")}";
    }

    /// <summary>The far side's keeper is detached from ssh (the qube outlives a link): the test ends it, and with it the far qube.</summary>
    private void StopKeeper()
    {
        foreach (string qube in (string[])["far", "farset"])
        {
            StopKeeper(qube);
        }
    }

    private void StopKeeper(string qube)
    {
        if (KeeperProcess(qube) is { } keeper)
        {
            try
            {
                using Process process = Process.GetProcessById(keeper);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }

    private void WaitUntil(Func<bool> condition, string what, string qube = "far")
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}\n{Logs(qube)}");
            Thread.Sleep(50);
        }
    }

    private static void AssertFrame(uint[] pixels, int width, int height, uint color)
    {
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (x < Frame || y < Frame || x >= width - Frame || y >= height - Frame)
                {
                    Assert.True(pixels[(y * width) + x] == color, $"frame pixel ({x},{y}) is {pixels[(y * width) + x]:x6}, not {color:x6}");
                }
            }
        }
    }
}
