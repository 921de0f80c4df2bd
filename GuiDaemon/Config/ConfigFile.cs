using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// Reads the TOML configuration. Every problem names the file, the line and what is wrong;
/// unknown keys are errors too, so a typo never silently falls back to a default.
/// <code>
/// frame_width = 2              # 1..8
/// fullscreen = "maximize"      # or "allow"
/// decorations = "strip"        # or "frame"; default: strip without a window manager, else frame
/// min_opacity = 0.25           # 0.1..1.0: the opacity floor of translucent (ARGB) windows
/// scale = 2                    # 1, 1.25, 1.5 or 2: the qubes' apps render at this density; default: the host's Xft.dpi
/// [clipboard]
/// enabled = true
/// max_bytes = 64000            # up to 256000
/// copy_key = "Ctrl+Shift+C"
/// paste_key = "Ctrl+Shift+V"
/// [[clipboard.rule]]           # first match decides; none: allowed
/// from = "work"                # or "*"
/// to = "personal"              # or "*"
/// action = "deny"              # or "allow"
/// [copy]                       # `guivirt copy`: files between qubes
/// enabled = true
/// timeout_seconds = 30         # 1..3600: how long a qube may stall a copy
/// [[copy.rule]]                # first match decides; none: allowed
/// from = "work"                # or "*"
/// to = "personal"              # or "*"
/// action = "deny"              # or "allow"
/// [hotkeys]                    # the daemon's own, grabbed whichever window has the focus
/// escape = "Ctrl+Alt+Shift+K"  # unmaps the override-redirect windows of the qube under the pointer
/// xray = "Ctrl+Alt+Shift+X"    # while held: every qube window shows its label colour and qube name
/// [limits]                     # per qube; each may be overridden in a [[qube]]
/// max_windows = 500            # 1..10000
/// max_grant_mib = 1024         # 1..16384
/// messages_per_second = 50000  # 100..10000000 cost units (a plain message is 1)
/// memory_mib = 4096            # 128..1048576
/// pids = 1024                  # 64..4194304
/// cpu_weight = 100             # 1..10000
/// tmp_mib = 512                # 1..1048576
/// [network]                    # for the qubes with network = "user"
/// outbound_interface = "eth0"  # default: the interface of the host's default IPv4 route
/// [remote]                     # remote qubes over ssh (docs/remote.md)
/// ssh_config = "FILE"          # optional: ssh -F FILE; default: the user's own ~/.ssh/config
/// guivirt = "guivirt"          # the far side's guivirt command, run by its login shell
/// [[qube]]
/// name = "work"
/// label = "blue"               # red orange yellow green gray blue purple black
/// clipboard_max_bytes = 128000 # optional
/// network = "none"             # or "user": user-mode networking (pasta), never to the host itself
/// scale = 1.5                  # optional: this qube's own scale
/// upscale = 2                  # 1 or 2: the host shows the qube's windows pixel-doubled (for apps that ignore scale)
/// host = "me@far:22"           # optional: the qube runs on that machine, over ssh (docs/remote.md)
/// max_windows = 100            # optional, and so every other [limits] setting
/// </code>
/// </summary>
public static class ConfigFile
{
    /// <summary>$XDG_CONFIG_HOME/guivirt/config.toml, or ~/.config/guivirt/config.toml.</summary>
    public static string DefaultPath
    {
        get
        {
            string? home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            string config = home is { Length: > 0 } ? home : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "guivirt", "config.toml");
        }
    }

    /// <summary>Loads <paramref name="path"/>; a missing file at the default path means the defaults.</summary>
    public static DaemonConfig Load(string path, bool mustExist)
    {
        if (!File.Exists(path))
        {
            return mustExist ? throw new ConfigException(path, 0, "no such file") : new DaemonConfig();
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses configuration text; <paramref name="path"/> is for the messages.</summary>
    public static DaemonConfig Parse(string text, string path)
    {
        var store = new SpanStore();
        TomlTable root;
        try
        {
            var toml = new ConfigToml(new TomlSerializerOptions { SourceName = path, MetadataStore = store });
            root = TomlSerializer.Deserialize(text, toml.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new ConfigException(path, e.Line ?? 0, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }

        var reader = new Reader(path, store);
        reader.OnlyKeys(root, "frame_width", "fullscreen", "decorations", "min_opacity", "scale", "clipboard", "copy", "hotkeys", "limits", "network", "remote", "qube");
        var clipboard = root.TryGetValue("clipboard", out object? section)
            ? reader.Clipboard(reader.As<TomlTable>(root, "clipboard", section))
            : new ClipboardConfig();
        var copy = root.TryGetValue("copy", out object? copySection)
            ? reader.Copy(reader.As<TomlTable>(root, "copy", copySection))
            : new CopyConfig();
        var hotkeys = root.TryGetValue("hotkeys", out object? hotkeysSection)
            ? reader.Hotkeys(reader.As<TomlTable>(root, "hotkeys", hotkeysSection))
            : new HotkeysConfig();
        ResourceLimits limits = ResourceLimits.Default;
        if (root.TryGetValue("limits", out object? limitsSection))
        {
            TomlTable table = reader.As<TomlTable>(root, "limits", limitsSection);
            reader.OnlyKeys(table, Reader.LimitKeys);
            limits = reader.Limits(table, limits);
        }

        string? outboundInterface = null;
        if (root.TryGetValue("network", out object? networkSection))
        {
            TomlTable table = reader.As<TomlTable>(root, "network", networkSection);
            reader.OnlyKeys(table, "outbound_interface");
            outboundInterface = reader.InterfaceName(table, "outbound_interface");
        }

        string? sshConfig = null, remoteGuivirt = null;
        if (root.TryGetValue("remote", out object? remoteSection))
        {
            // Remote qubes (docs/remote.md): the ssh client's config file, and the far side's guivirt command.
            TomlTable table = reader.As<TomlTable>(root, "remote", remoteSection);
            reader.OnlyKeys(table, "ssh_config", "guivirt");
            sshConfig = table.TryGetValue("ssh_config", out object? c) ? c as string ?? throw reader.Error(table, "ssh_config", "'ssh_config' must be a file name") : null;
            remoteGuivirt = table.TryGetValue("guivirt", out object? g) && g is string command && command.Length is >= 1 and <= 4096 && !command.Any(char.IsControl)
                ? command : table.ContainsKey("guivirt") ? throw reader.Error(table, "guivirt", "'guivirt' must be the far side's guivirt command, such as \"guivirt\" or \"/opt/guivirt/guivirt\"") : null;
        }

        var qubes = new List<QubeConfig>();
        if (root.TryGetValue("qube", out object? list))
        {
            foreach (TomlTable table in reader.As<TomlTableArray>(root, "qube", list))
            {
                QubeConfig qube = reader.Qube(table, limits);
                if (qubes.Any(q => q.Name == qube.Name))
                {
                    throw reader.Error(table, "name", $"qube '{qube.Name}' is configured twice");
                }

                qubes.Add(qube);
            }
        }

        return new DaemonConfig
        {
            SshConfig = sshConfig,
            RemoteGuivirt = remoteGuivirt ?? "guivirt",
            FrameWidth = reader.Integer(root, "frame_width", 2, 1, 8),
            Fullscreen = reader.Choice(root, "fullscreen", "maximize", "allow") == "allow" ? FullscreenPolicy.Allow : FullscreenPolicy.Maximize,
            Decorations = root.ContainsKey("decorations") ? (reader.Choice(root, "decorations", "frame", "strip") == "strip" ? Decorations.Strip : Decorations.Frame) : null,
            MinOpacity = reader.Fraction(root, "min_opacity", Session.AlphaFloor.Default, Session.AlphaFloor.Lowest, 1.0),
            Clipboard = clipboard,
            Copy = copy,
            Hotkeys = hotkeys,
            Limits = limits,
            OutboundInterface = outboundInterface,
            Scale = reader.Scale(root),
            Qubes = qubes,
        };
    }

    /// <summary>Remembers where each table's keys were, so errors can name the line.</summary>
    private sealed class SpanStore : ITomlMetadataStore
    {
        private readonly Dictionary<object, TomlPropertiesMetadata> _properties = new(ReferenceEqualityComparer.Instance);

        public bool TryGetProperties(object instance, out TomlPropertiesMetadata? properties) => _properties.TryGetValue(instance, out properties);

        public void SetProperties(object instance, TomlPropertiesMetadata? properties)
        {
            if (properties is not null)
            {
                _properties[instance] = properties;
            }
        }

        public int LineOf(TomlTable table, string key) =>
            _properties.TryGetValue(table, out TomlPropertiesMetadata? properties) && properties.TryGetProperty(key, out TomlPropertyMetadata? property) && property?.Span is { } span
                ? span.Start.Line + 1
                : 0;
    }

    /// <summary>Typed access with errors that point at the key.</summary>
    private sealed class Reader(string path, SpanStore store)
    {
        /// <summary>The resource limits, in <c>[limits]</c> and in each <c>[[qube]]</c>.</summary>
        public static readonly string[] LimitKeys = ["max_windows", "max_grant_mib", "messages_per_second", "memory_mib", "pids", "cpu_weight", "tmp_mib"];

        public ConfigException Error(TomlTable table, string key, string problem) => new(path, store.LineOf(table, key), problem);

        public void OnlyKeys(TomlTable table, params string[] known)
        {
            foreach (string key in table.Keys)
            {
                if (!known.Contains(key))
                {
                    throw Error(table, key, $"unknown setting '{key}' (known here: {string.Join(", ", known)})");
                }
            }
        }

        public T As<T>(TomlTable table, string key, object? value) =>
            value is T typed ? typed : throw Error(table, key, $"'{key}' has the wrong type");

        public int Integer(TomlTable table, string key, int fallback, (int Min, int Max) range) => Integer(table, key, fallback, range.Min, range.Max);

        public int Integer(TomlTable table, string key, int fallback, int min, int max)
        {
            if (!table.TryGetValue(key, out object? value))
            {
                return fallback;
            }

            return value is long number && number >= min && number <= max
                ? (int)number
                : throw Error(table, key, $"'{key}' must be a whole number from {min} to {max}");
        }

        /// <summary>A number from <paramref name="min"/> to <paramref name="max"/> (a whole number is taken too: 1 for 1.0).</summary>
        public double Fraction(TomlTable table, string key, double fallback, double min, double max)
        {
            if (!table.TryGetValue(key, out object? value))
            {
                return fallback;
            }

            double? number = value switch { double d => d, long l => l, _ => null };
            return number is double n && n >= min && n <= max // NaN fails both comparisons
                ? n
                : throw Error(table, key, $"'{key}' must be a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        public string Choice(TomlTable table, string key, params string[] choices)
        {
            if (!table.TryGetValue(key, out object? value))
            {
                return choices[0];
            }

            return value is string text && choices.Contains(text)
                ? text
                : throw Error(table, key, $"'{key}' must be one of: {string.Join(", ", choices.Select(c => $"\"{c}\""))}");
        }

        /// <summary>A network interface's name as the kernel allows it (1 to 15 characters, no '/', ':' or white space); null when the key is missing.</summary>
        public string? InterfaceName(TomlTable table, string key)
        {
            if (!table.TryGetValue(key, out object? value))
            {
                return null;
            }

            return value is string name && name.Length is >= 1 and <= 15 && name != "." && name != ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                ? name
                : throw Error(table, key, $"'{key}' must be a network interface's name (1 to 15 letters, digits, '-', '_' or '.')");
        }

        public ClipboardConfig Clipboard(TomlTable table)
        {
            OnlyKeys(table, "enabled", "max_bytes", "copy_key", "paste_key", "rule");
            return new ClipboardConfig
            {
                Enabled = !table.TryGetValue("enabled", out object? enabled) || (enabled is bool on ? on : throw Error(table, "enabled", "'enabled' must be true or false")),
                MaxBytes = Integer(table, "max_bytes", Protocol.Limits.DefaultClipboardBytes, 1, Protocol.Limits.MaxClipboardBytes),
                CopyKey = Hotkey(table, "copy_key", "Ctrl+Shift+C"),
                PasteKey = Hotkey(table, "paste_key", "Ctrl+Shift+V"),
                Rules = Rules(table, "clipboard"),
            };
        }

        public CopyConfig Copy(TomlTable table)
        {
            OnlyKeys(table, "enabled", "timeout_seconds", "rule");
            return new CopyConfig
            {
                Enabled = !table.TryGetValue("enabled", out object? enabled) || (enabled is bool on ? on : throw Error(table, "enabled", "'enabled' must be true or false")),
                TimeoutSeconds = Integer(table, "timeout_seconds", 30, 1, 3600),
                Rules = Rules(table, "copy"),
            };
        }

        public HotkeysConfig Hotkeys(TomlTable table)
        {
            OnlyKeys(table, "escape", "xray");
            var hotkeys = new HotkeysConfig
            {
                EscapeKey = Hotkey(table, "escape", "Ctrl+Alt+Shift+K"),
                XRayKey = Hotkey(table, "xray", "Ctrl+Alt+Shift+X"),
            };
            return hotkeys.EscapeKey == hotkeys.XRayKey
                ? throw Error(table, "xray", "'xray' and 'escape' must be different keys")
                : hotkeys;
        }

        /// <summary>The [[SECTION.rule]] list of <paramref name="table"/>: the clipboard's and the copy's rules read alike.</summary>
        private List<FlowRule> Rules(TomlTable table, string section) =>
            table.TryGetValue("rule", out object? rules) ? [.. As<TomlTableArray>(table, "rule", rules).Select(rule => Rule(rule, section))] : [];

        private FlowRule Rule(TomlTable table, string section)
        {
            OnlyKeys(table, "from", "to", "action");
            string Qube(string key) => table.TryGetValue(key, out object? value) && value is string name && (name == "*" || QubeConfig.IsValidName(name))
                ? name
                : throw Error(table, key, $"every [[{section}.rule]] needs {key} = a qube name or \"*\"");
            string from = Qube("from"), to = Qube("to");
            return new FlowRule(from, to, Choice(table, "action", "allow", "deny") == "allow");
        }

        /// <summary>The limits in <paramref name="table"/>, each missing one taken from <paramref name="fallback"/>.</summary>
        public ResourceLimits Limits(TomlTable table, ResourceLimits fallback) => new()
        {
            MaxWindows = Integer(table, "max_windows", fallback.MaxWindows, ResourceLimits.MaxWindowsRange),
            MaxGrantMiB = Integer(table, "max_grant_mib", fallback.MaxGrantMiB, ResourceLimits.MaxGrantMiBRange),
            MessagesPerSecond = Integer(table, "messages_per_second", fallback.MessagesPerSecond, ResourceLimits.MessagesPerSecondRange),
            MemoryMiB = Integer(table, "memory_mib", fallback.MemoryMiB, ResourceLimits.MemoryMiBRange),
            Pids = Integer(table, "pids", fallback.Pids, ResourceLimits.PidsRange),
            CpuWeight = Integer(table, "cpu_weight", fallback.CpuWeight, ResourceLimits.CpuWeightRange),
            TmpMiB = Integer(table, "tmp_mib", fallback.TmpMiB, ResourceLimits.TmpMiBRange),
        };

        /// <summary>A <c>[[qube]]</c>; its limits are its own only where it sets one (the rest from <paramref name="limits"/>).</summary>
        public QubeConfig Qube(TomlTable table, ResourceLimits limits)
        {
            OnlyKeys(table, ["name", "label", "clipboard_max_bytes", "network", "scale", "upscale", "host", .. LimitKeys]);
            string name = table.TryGetValue("name", out object? n) && n is string text ? text : throw Error(table, "name", "every [[qube]] needs name = \"...\"");
            if (!QubeConfig.IsValidName(name))
            {
                throw Error(table, "name", $"qube name '{name}': use 1 to 31 ASCII letters, digits and dashes, starting with a letter");
            }

            if (Sandbox.DisposableQube.IsDisposableName(name))
            {
                // disp + a number always means a disposable: a notice or audit line naming it must not mean a persistent qube.
                throw Error(table, "name", $"qube name '{name}' is a disposable qube's (disp and a number): choose another");
            }

            string labelName = table.TryGetValue("label", out object? l) && l is string labelText ? labelText : throw Error(table, "label", $"qube '{name}' needs label = \"...\"");
            Label label = Label.TryParse(labelName) ?? throw Error(table, "label", $"qube '{name}': unknown label '{labelName}' (one of {string.Join(", ", Label.Names)})");
            int? clipboard = table.ContainsKey("clipboard_max_bytes") ? Integer(table, "clipboard_max_bytes", 0, 1, Protocol.Limits.MaxClipboardBytes) : null;
            ResourceLimits? own = LimitKeys.Any(table.ContainsKey) ? Limits(table, limits) : null;
            QubeNetwork network = QubeNetworks.TryParse(Choice(table, "network", QubeNetworks.Names)) ?? QubeNetwork.None;
            Remote.RemoteHost? host = null;
            if (table.TryGetValue("host", out object? h))
            {
                host = (h is string hostText ? Remote.RemoteHost.TryParse(hostText, out string? problem) is { } parsed ? parsed : throw Error(table, "host", problem!) : null)
                    ?? throw Error(table, "host", "'host' must be \"[USER@]HOST[:PORT]\"");
            }

            return new QubeConfig(name, label, clipboard, own, network, host) { Scale = Scale(table), Upscale = Integer(table, "upscale", 1, 1, 2) };
        }

        /// <summary>
        /// <c>scale</c>: exactly 1, 1.25, 1.5 or 2 (a TOML integer or float); null when the key is
        /// missing (then the host's Xft.dpi decides, or the configuration's own scale for a qube).
        /// </summary>
        public DisplayScale? Scale(TomlTable table)
        {
            if (!table.TryGetValue("scale", out object? value))
            {
                return null;
            }

            double? number = value switch { long whole => whole, double real => real, _ => null };
            return number is double n && DisplayScale.TryFrom(n) is { } scale
                ? scale
                : throw Error(table, "scale", "'scale' must be one of 1, 1.25, 1.5, 2");
        }

        /// <summary>Modifiers (Ctrl, Shift, Alt, Super) joined by '+', then one letter, digit or F1..F12.</summary>
        private string Hotkey(TomlTable table, string key, string fallback)
        {
            if (!table.TryGetValue(key, out object? value))
            {
                return fallback;
            }

            string[] parts = value is string text ? text.Split('+') : [];
            bool modifiersOk = parts.Length >= 2 && parts[..^1].All(m => m is "Ctrl" or "Shift" or "Alt" or "Super");
            string last = parts.Length > 0 ? parts[^1] : "";
            bool keyOk = (last.Length == 1 && char.IsAsciiLetterOrDigit(last[0])) || (last.Length is 2 or 3 && last[0] == 'F' && int.TryParse(last[1..], out int f) && f is >= 1 and <= 12);
            return modifiersOk && keyOk
                ? (string)value!
                : throw Error(table, key, $"'{key}' must be modifiers and a key, like \"Ctrl+Shift+C\"");
        }
    }
}
