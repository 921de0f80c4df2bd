using System.Collections.Frozen;

namespace GuiVirt.Protocol;

/// <summary>
/// The table behind header validation: for each message type, who may send it, how long its
/// body is, whether it is about a window, and how many file descriptors travel with it.
/// docs/protocol.md mirrors this table; a test keeps the two in step.
/// </summary>
public static class MessageTypes
{
    private const int Variable = -1;

    private static readonly FrozenDictionary<MessageType, Info> Table = new Dictionary<MessageType, Info>
    {
        [MessageType.KeyPress] = new(Senders.Daemon, 20),
        [MessageType.Button] = new(Senders.Daemon, 20),
        [MessageType.Motion] = new(Senders.Daemon, 16),
        [MessageType.Crossing] = new(Senders.Daemon, 28),
        [MessageType.Focus] = new(Senders.Daemon, 12),
        [MessageType.Create] = new(Senders.Agent, 24),
        [MessageType.Destroy] = new(Senders.Both, 0),
        [MessageType.Map] = new(Senders.Both, 8),
        [MessageType.Unmap] = new(Senders.Agent, 0),
        [MessageType.Configure] = new(Senders.Both, 20),
        [MessageType.ShmImage] = new(Senders.Agent, 16),
        [MessageType.Close] = new(Senders.Daemon, 0),
        [MessageType.ClipboardRequest] = new(Senders.Daemon, 0, AddressesWindow: false),
        [MessageType.ClipboardData] = new(Senders.Both, Variable, AddressesWindow: false, MaxBodySize: Limits.MaxClipboardBytes),
        [MessageType.WindowName] = new(Senders.Agent, Limits.TitleBytes),
        [MessageType.KeymapNotify] = new(Senders.Daemon, Limits.KeymapBytes, AddressesWindow: false),
        [MessageType.Dock] = new(Senders.Agent, 0),
        [MessageType.WindowHints] = new(Senders.Agent, 36),
        [MessageType.WindowFlags] = new(Senders.Both, 8),
        [MessageType.WindowClass] = new(Senders.Agent, 2 * Limits.ClassPartBytes),
        [MessageType.WindowDump] = new(Senders.Agent, 20, Fds: 1),
        [MessageType.Cursor] = new(Senders.Agent, 4),
        [MessageType.WindowDumpAck] = new(Senders.Daemon, 0),
        [MessageType.WindowType] = new(Senders.Agent, 8),
        [MessageType.KeyboardLayout] = new(Senders.Daemon, 4 + (Limits.KeyboardNameCount * Limits.KeyboardNameBytes), AddressesWindow: false),
        [MessageType.Keysyms] = new(Senders.Daemon, 4 + (Limits.KeysymsPerKeycode * 4), AddressesWindow: false),
        [MessageType.FileSend] = new(Senders.Daemon, Limits.FilePathBytes, AddressesWindow: false),
        [MessageType.FileHeader] = new(Senders.Both, 8 + Limits.FileNameBytes + Limits.FileFromBytes, AddressesWindow: false),
        [MessageType.FileData] = new(Senders.Both, Variable, AddressesWindow: false, MaxBodySize: Limits.FileChunkBytes),
        [MessageType.FileEnd] = new(Senders.Both, 0, AddressesWindow: false),
        [MessageType.FileAck] = new(Senders.Both, 0, AddressesWindow: false),
        [MessageType.FileError] = new(Senders.Agent, 4, AddressesWindow: false),
        [MessageType.FileCancel] = new(Senders.Both, 0, AddressesWindow: false),
        [MessageType.ClipboardImage] = new(Senders.Both, 8, AddressesWindow: false, Fds: 1),
        [MessageType.WindowIcon] = new(Senders.Agent, Variable, MaxBodySize: Limits.MaxWindowIconBodyBytes),
        [MessageType.ScreenConfig] = new(Senders.Daemon, Limits.ScreenConfigBodyBytes, AddressesWindow: false),
        [MessageType.CreateArgb] = new(Senders.Agent, 24),
    }.ToFrozenDictionary();

    /// <summary>Every message type this protocol defines, in id order.</summary>
    public static IReadOnlyList<MessageType> All { get; } = [.. Table.Keys.Order()];

    /// <summary>True when <paramref name="sender"/> may send <paramref name="type"/>.</summary>
    public static bool MaySend(MessageType type, PeerRole sender) =>
        Table.TryGetValue(type, out Info info) && (info.Senders & ToSenders(sender)) != 0;

    /// <summary>The body size of a fixed-size type, or null for the variable-size clipboard, file data and window icon.</summary>
    public static int? FixedBodySize(MessageType type) => Lookup(type).BodySize is var size and >= 0 ? size : null;

    /// <summary>The largest body <paramref name="type"/> may have.</summary>
    public static int MaxBodySize(MessageType type) => Lookup(type) is { BodySize: Variable } info ? info.MaxBodySize : Lookup(type).BodySize;

    /// <summary>True when the header's window field must name a window (non-zero); false when it must be 0.</summary>
    public static bool AddressesWindow(MessageType type) => Lookup(type).AddressesWindow;

    /// <summary>How many file descriptors travel with <paramref name="type"/> (0 or 1).</summary>
    public static int FdCount(MessageType type) => Lookup(type).Fds;

    /// <summary>The obsolete Qubes ids, refused like unknown ones but with their own reason.</summary>
    public static bool IsObsolete(uint untrustedType) =>
        untrustedType is (uint)MessageType.Resize or (uint)MessageType.MfnDump or (uint)MessageType.Execute;

    internal static bool IsDefined(uint untrustedType) => Table.ContainsKey((MessageType)untrustedType);

    private static Info Lookup(MessageType type) =>
        Table.TryGetValue(type, out Info info) ? info : throw new ArgumentOutOfRangeException(nameof(type), type, "not a message type of this protocol");

    private static Senders ToSenders(PeerRole role) => role == PeerRole.Agent ? Senders.Agent : Senders.Daemon;

    [Flags]
    private enum Senders
    {
        Agent = 1,
        Daemon = 2,
        Both = Agent | Daemon,
    }

    private readonly record struct Info(Senders Senders, int BodySize, bool AddressesWindow = true, int Fds = 0, int MaxBodySize = 0);
}
