using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// Tomlyn's metadata for the one type the configuration is read into, generated at build time:
/// the native (NativeAOT, trimmed) daemon has no reflection-based serializer to fall back on.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ConfigToml : TomlSerializerContext
{
    /// <summary>With the options of one read: the file's name and the store of the values' lines, for messages.</summary>
    public ConfigToml(TomlSerializerOptions options)
        : base(options)
    {
    }
}
