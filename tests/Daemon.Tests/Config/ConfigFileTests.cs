using GuiVirt.GuiDaemon.Config;

namespace GuiVirt.Daemon.Tests;

public class ConfigFileTests
{
    [Fact]
    public void AFullConfigurationIsRead()
    {
        DaemonConfig config = ConfigFile.Parse("""
            # host-side settings
            frame_width = 4
            fullscreen = "allow"

            [clipboard]
            enabled = false
            max_bytes = 1000
            copy_key = "Ctrl+Alt+C"
            paste_key = "Super+F5"

            [[qube]]
            name = "work"
            label = "blue"

            [[qube]]
            name = "personal-2"
            label = "red"
            clipboard_max_bytes = 256000
            """, "guivirt.toml");

        Assert.Equal(4, config.FrameWidth);
        Assert.Equal(FullscreenPolicy.Allow, config.Fullscreen);
        Assert.Equal(new ClipboardConfig { Enabled = false, MaxBytes = 1000, CopyKey = "Ctrl+Alt+C", PasteKey = "Super+F5" }, config.Clipboard);
        Assert.Equal(
            [new QubeConfig("work", Label.TryParse("blue")!), new QubeConfig("personal-2", Label.TryParse("red")!, 256000)],
            config.Qubes);
    }

    [Theory]
    [InlineData("", 0.25)]
    [InlineData("min_opacity = 0.1\n", 0.1)]
    [InlineData("min_opacity = 0.6\n", 0.6)]
    [InlineData("min_opacity = 1\n", 1.0)]
    public void MinOpacityIsAFloorFromATenthToOne(string text, double expected) =>
        Assert.Equal(expected, ConfigFile.Parse(text, "guivirt.toml").MinOpacity);

    [Fact]
    public void DecorationsAreTheFrameOrAStripOrLeftToTheHost()
    {
        Assert.Null(ConfigFile.Parse("", "guivirt.toml").Decorations); // decided at start: is a window manager there?
        Assert.Equal(Decorations.Strip, ConfigFile.Parse("decorations = \"strip\"\n", "guivirt.toml").Decorations);
        Assert.Equal(Decorations.Frame, ConfigFile.Parse("decorations = \"frame\"\n", "guivirt.toml").Decorations);
    }

    [Fact]
    public void FileCopyHasDefaultsAndItsRulesReadLikeTheClipboards()
    {
        Assert.Equal(new CopyConfig { Enabled = true, TimeoutSeconds = 30 }, ConfigFile.Parse("", "guivirt.toml").Copy);
        DaemonConfig config = ConfigFile.Parse("""
            [clipboard]
            [[clipboard.rule]]
            from = "work"
            to = "*"
            action = "deny"

            [copy]
            enabled = false
            timeout_seconds = 5

            [[copy.rule]]
            from = "*"
            to = "vault"
            action = "deny"

            [[copy.rule]]
            from = "work"
            to = "personal"
            action = "allow"
            """, "guivirt.toml");
        Assert.Equal(new CopyConfig { Enabled = false, TimeoutSeconds = 5, Rules = [new FlowRule("*", "vault", false), new FlowRule("work", "personal", true)] }, config.Copy);
        Assert.Equal([new FlowRule("work", "*", false)], config.Clipboard.Rules);
        Assert.False(FlowRule.Allows(config.Copy.Rules, "work", "vault")); // the first match decides
        Assert.True(FlowRule.Allows(config.Copy.Rules, "work", "personal"));
        Assert.True(FlowRule.Allows(config.Copy.Rules, "personal", "work")); // no rule: allowed
    }

    [Fact]
    public void TheTrustedHotkeysHaveDefaultsAndAreConfigurable()
    {
        Assert.Equal(new HotkeysConfig { EscapeKey = "Ctrl+Alt+Shift+K", XRayKey = "Ctrl+Alt+Shift+X" }, ConfigFile.Parse("", "guivirt.toml").Hotkeys);
        DaemonConfig config = ConfigFile.Parse("""
            [hotkeys]
            escape = "Super+F12"
            xray = "Ctrl+Super+X"
            """, "guivirt.toml");
        Assert.Equal(new HotkeysConfig { EscapeKey = "Super+F12", XRayKey = "Ctrl+Super+X" }, config.Hotkeys);
    }

    [Fact]
    public void LimitsHaveDefaultsAndEachQubeMayOverrideEach()
    {
        DaemonConfig config = ConfigFile.Parse("""
            [limits]
            max_grant_mib = 256

            [[qube]]
            name = "plain"
            label = "gray"

            [[qube]]
            name = "tight"
            label = "red"
            max_windows = 20
            messages_per_second = 1000
            """, "guivirt.toml");

        Assert.Equal(new ResourceLimits { MaxWindows = 500, MaxGrantMiB = 256, MessagesPerSecond = 50_000 }, config.Limits);
        Assert.Null(config.Qubes[0].Limits); // the [limits] apply
        Assert.Equal(new ResourceLimits { MaxWindows = 20, MaxGrantMiB = 256, MessagesPerSecond = 1000 }, config.Qubes[1].Limits);
        Assert.Equal(256L << 20, config.Qubes[1].Limits!.MaxGrantBytes);
        Assert.Equal(new ResourceLimits { MaxWindows = 500, MaxGrantMiB = 1024, MessagesPerSecond = 50_000 }, new DaemonConfig().Limits);
    }

    [Fact]
    public void HostLimitsHaveSaneDefaultsAndAreSetInLimitsOrPerQube()
    {
        DaemonConfig config = ConfigFile.Parse("""
            [limits]
            memory_mib = 256
            pids = 128

            [[qube]]
            name = "plain"
            label = "gray"

            [[qube]]
            name = "big"
            label = "green"
            memory_mib = 8192
            cpu_weight = 400
            tmp_mib = 2048
            """, "guivirt.toml");

        var defaults = new DaemonConfig().Limits;
        Assert.Equal((4096, 1024, 100, 512), (defaults.MemoryMiB, defaults.Pids, defaults.CpuWeight, defaults.TmpMiB));
        Assert.Equal(defaults with { MemoryMiB = 256, Pids = 128 }, config.Limits);
        Assert.Null(config.Qubes[0].Limits);
        Assert.Equal(defaults with { MemoryMiB = 8192, Pids = 128, CpuWeight = 400, TmpMiB = 2048 }, config.Qubes[1].Limits);
    }

    [Fact]
    public void AQubesNetworkIsNoneUnlessItSaysUser()
    {
        DaemonConfig config = ConfigFile.Parse("""
            [[qube]]
            name = "offline"
            label = "gray"

            [[qube]]
            name = "web"
            label = "red"
            network = "user"

            [[qube]]
            name = "said"
            label = "blue"
            network = "none"
            """, "guivirt.toml");

        Assert.Equal([QubeNetwork.None, QubeNetwork.User, QubeNetwork.None], config.Qubes.Select(q => q.Network));
    }

    [Theory]
    [InlineData("memory_mib", 128)]
    [InlineData("memory_mib", 1_048_576)]
    [InlineData("pids", 64)]
    [InlineData("pids", 4_194_304)]
    [InlineData("cpu_weight", 1)]
    [InlineData("cpu_weight", 10_000)]
    [InlineData("tmp_mib", 1)]
    [InlineData("tmp_mib", 1_048_576)]
    public void EachHostLimitTakesBothEndsOfItsRange(string key, int value)
    {
        ResourceLimits limits = ConfigFile.Parse($"[limits]\n{key} = {value}\n", "guivirt.toml").Limits;
        int read = key switch
        {
            "memory_mib" => limits.MemoryMiB,
            "pids" => limits.Pids,
            "cpu_weight" => limits.CpuWeight,
            _ => limits.TmpMiB,
        };
        Assert.Equal(value, read);
    }

    [Fact]
    public void NoFileAtTheDefaultPlaceMeansTheDefaults()
    {
        DaemonConfig config = ConfigFile.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.toml"), mustExist: false);
        Assert.Equal(new DaemonConfig(), config with { Qubes = [] });
        Assert.Equal(2, config.FrameWidth);
        Assert.Equal(FullscreenPolicy.Maximize, config.Fullscreen);
        Assert.Equal(64_000, config.Clipboard.MaxBytes);
    }

    [Fact]
    public void AFileNamedOnTheCommandLineMustExist()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigFile.Load("/nonexistent/guivirt.toml", mustExist: true));
        Assert.Equal("/nonexistent/guivirt.toml: no such file", error.Message);
    }

    [Theory]
    [InlineData("frame_width = 3\nbad = = 1\n", 2, "Unexpected token")]
    [InlineData("frame_width = 3\nframe_widht = 2\n", 2, "unknown setting 'frame_widht'")]
    [InlineData("\n\nframe_width = 9\n", 3, "'frame_width' must be a whole number from 1 to 8")]
    [InlineData("frame_width = \"2\"\n", 1, "'frame_width' must be a whole number from 1 to 8")]
    [InlineData("fullscreen = \"always\"\n", 1, "'fullscreen' must be one of: \"maximize\", \"allow\"")]
    [InlineData("frame_width = 2\ndecorations = \"title\"\n", 2, "'decorations' must be one of: \"frame\", \"strip\"")]
    [InlineData("frame_width = 2\nmin_opacity = 0.05\n", 2, "'min_opacity' must be a number from 0.1 to 1.0")]
    [InlineData("min_opacity = 1.5\n", 1, "'min_opacity' must be a number from 0.1 to 1.0")]
    [InlineData("min_opacity = 0\n", 1, "'min_opacity' must be a number from 0.1 to 1.0")]
    [InlineData("min_opacity = nan\n", 1, "'min_opacity' must be a number from 0.1 to 1.0")]
    [InlineData("min_opacity = \"0.5\"\n", 1, "'min_opacity' must be a number from 0.1 to 1.0")]
    [InlineData("[[qube]]\nname = \"work\"\nlabel = \"pink\"\n", 3, "unknown label 'pink'")]
    [InlineData("[[qube]]\nname = \"9lives\"\nlabel = \"red\"\n", 2, "qube name '9lives'")]
    [InlineData("[[qube]]\nname = \"disp3\"\nlabel = \"red\"\n", 2, "qube name 'disp3' is a disposable qube's")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\n[[qube]]\nname = \"w\"\nlabel = \"blue\"\n", 5, "qube 'w' is configured twice")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\ncolour = \"red\"\n", 4, "unknown setting 'colour'")]
    [InlineData("[clipboard]\nmax_bytes = 256001\n", 2, "'max_bytes' must be a whole number from 1 to 256000")]
    [InlineData("[clipboard]\ncopy_key = \"C\"\n", 2, "'copy_key' must be modifiers and a key")]
    [InlineData("[limits]\nmax_windows = 0\n", 2, "'max_windows' must be a whole number from 1 to 10000")]
    [InlineData("[limits]\nmax_grant_mib = 16385\n", 2, "'max_grant_mib' must be a whole number from 1 to 16384")]
    [InlineData("[limits]\n\nmessages_per_second = 99\n", 3, "'messages_per_second' must be a whole number from 100 to 10000000")]
    [InlineData("[limits]\nmax_windows = \"many\"\n", 2, "'max_windows' must be a whole number")]
    [InlineData("[limits]\nmax_window = 5\n", 2, "unknown setting 'max_window'")]
    [InlineData("limits = 5\n", 1, "'limits' has the wrong type")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nmessages_per_second = 10\n", 4, "'messages_per_second' must be a whole number from 100")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nmax_grant_mib = -1\n", 4, "'max_grant_mib' must be a whole number from 1")]
    [InlineData("[limits]\nmemory_mib = 127\n", 2, "'memory_mib' must be a whole number from 128 to 1048576")]
    [InlineData("[limits]\nmemory_mib = 1048577\n", 2, "'memory_mib' must be a whole number from 128 to 1048576")]
    [InlineData("[limits]\n\npids = 63\n", 3, "'pids' must be a whole number from 64 to 4194304")]
    [InlineData("[limits]\npids = 4194305\n", 2, "'pids' must be a whole number from 64 to 4194304")]
    [InlineData("[limits]\ncpu_weight = 0\n", 2, "'cpu_weight' must be a whole number from 1 to 10000")]
    [InlineData("[limits]\ncpu_weight = 10001\n", 2, "'cpu_weight' must be a whole number from 1 to 10000")]
    [InlineData("[limits]\ntmp_mib = 0\n", 2, "'tmp_mib' must be a whole number from 1 to 1048576")]
    [InlineData("[limits]\ntmp_mib = \"16M\"\n", 2, "'tmp_mib' must be a whole number")]
    [InlineData("[limits]\nmemory = 256\n", 2, "unknown setting 'memory' (known here: max_windows, max_grant_mib, messages_per_second, memory_mib, pids, cpu_weight, tmp_mib)")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\n\npids = 1\n", 5, "'pids' must be a whole number from 64")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nmemory_mib = 64.5\n", 4, "'memory_mib' must be a whole number")]
    [InlineData("[copy]\ntimeout_seconds = 0\n", 2, "'timeout_seconds' must be a whole number from 1 to 3600")]
    [InlineData("[copy]\nenabled = \"yes\"\n", 2, "'enabled' must be true or false")]
    [InlineData("[copy]\nmax_bytes = 5\n", 2, "unknown setting 'max_bytes'")]
    [InlineData("[[copy.rule]]\nfrom = \"../x\"\nto = \"*\"\n", 2, "every [[copy.rule]] needs from = a qube name or \"*\"")]
    [InlineData("[[copy.rule]]\nfrom = \"a\"\nto = \"b\"\naction = \"maybe\"\n", 4, "'action' must be one of: \"allow\", \"deny\"")]
    [InlineData("[hotkeys]\nescape = \"K\"\n", 2, "'escape' must be modifiers and a key")]
    [InlineData("[hotkeys]\n\nxray = \"Ctrl+Meta+X\"\n", 3, "'xray' must be modifiers and a key")]
    [InlineData("frame_width = 2\nscale = 1.75\n", 2, "'scale' must be one of 1, 1.25, 1.5, 2")]
    [InlineData("scale = 3\n", 1, "'scale' must be one of 1, 1.25, 1.5, 2")]
    [InlineData("scale = \"2\"\n", 1, "'scale' must be one of 1, 1.25, 1.5, 2")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nscale = 0\n", 4, "'scale' must be one of 1, 1.25, 1.5, 2")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\n\nupscale = 3\n", 5, "'upscale' must be a whole number from 1 to 2")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nupscale = 1.5\n", 4, "'upscale' must be a whole number from 1 to 2")]
    [InlineData("[hotkeys]\nxray = 5\n", 2, "'xray' must be modifiers and a key")]
    [InlineData("[hotkeys]\nescape = \"Ctrl+Alt+E\"\nxray = \"Ctrl+Alt+E\"\n", 3, "'xray' and 'escape' must be different keys")]
    [InlineData("[hotkeys]\npanic = \"Ctrl+Alt+P\"\n", 2, "unknown setting 'panic' (known here: escape, xray)")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\n\nnetwork = \"host\"\n", 5, "'network' must be one of: \"none\", \"user\"")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nnetwork = true\n", 4, "'network' must be one of: \"none\", \"user\"")]
    [InlineData("[network]\noutbound_interface = \"eth0/1\"\n", 2, "'outbound_interface' must be a network interface's name")]
    [InlineData("[network]\n\noutbound_interface = \"a-name-over-15-chars\"\n", 3, "'outbound_interface' must be a network interface's name")]
    [InlineData("[network]\ninterface = \"eth0\"\n", 2, "unknown setting 'interface' (known here: outbound_interface)")]
    [InlineData("[[qube]]\nname = \"w\"\nlabel = \"red\"\nnet = \"user\"\n", 4, "unknown setting 'net' (known here: name, label, clipboard_max_bytes, network,")]
    public void EveryProblemNamesTheFileAndLine(string text, int line, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigFile.Parse(text, "my.toml"));
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"my.toml:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
