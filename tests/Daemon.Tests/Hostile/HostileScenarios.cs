using System.Text;
using GuiVirt.Protocol;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// The scenario table: every attack of the hostile-qube suite, one row each. docs/security.md has
/// a row for each name (a test checks it). Split by concern: headers and fields here; grants and
/// descriptors, floods and volume, and window policy in the other parts.
/// </summary>
public static partial class HostileScenarios
{
    /// <summary>The window id scenarios use for their first window.</summary>
    internal const uint W = 0x100;

    public static IReadOnlyList<HostileScenario> All { get; } = [.. Headers(), .. Fields(), .. Text(), .. Stateful(), .. Grants(), .. Volume(), .. Policy(), .. Copy(), .. ClipboardImages(), .. Icons(), .. Screen(), .. Argb(), .. Tray()];

    public static TheoryData<string> Names => [.. All.Select(s => s.Name)];

    public static HostileScenario Get(string name) => All.Single(s => s.Name == name);

    /// <summary>Connects with the handshake and sends <paramref name="messages"/>.</summary>
    private static Func<HostileContext, Task> Sends(params byte[][] messages) => async context =>
    {
        Attacker attacker = await context.ConnectAsync();
        foreach (byte[] message in messages)
        {
            attacker.Send(message);
        }
    };

    /// <summary>Connects, shows window <see cref="W"/>, then sends <paramref name="messages"/>.</summary>
    private static Func<HostileContext, Task> AfterWindow(params byte[][] messages) => Sends([Wire.Shown(W, "target"), .. messages]);

    private static IEnumerable<HostileScenario> Headers()
    {
        yield return HostileScenario.Violation("wrong-length", "CREATE whose header says 10 body bytes (24 are fixed)", WrongLength,
            Sends(Wire.Raw((uint)MessageType.Create, W, 10, new byte[10])));
        yield return HostileScenario.Violation("length-4-gib", "CLIPBOARD_DATA header claiming 0xFFFFFFFF body bytes", BodyTooLarge,
            Sends(Wire.Raw((uint)MessageType.ClipboardData, 0, uint.MaxValue)));
        yield return HostileScenario.Violation("body-too-large", "CLIPBOARD_DATA of 256001 bytes, one over the hard limit", BodyTooLarge,
            Sends(Wire.Raw((uint)MessageType.ClipboardData, 0, Limits.MaxClipboardBytes + 1, new byte[Limits.MaxClipboardBytes + 1])));
        yield return HostileScenario.Violation("unknown-type", "a message of type 999", UnknownMessageType,
            Sends(Wire.Raw(999, W, 0)));
        yield return HostileScenario.Violation("type-zero", "a message of type 0 with 16 bytes", UnknownMessageType,
            Sends(Wire.Raw(0, W, 16, new byte[16])));
        yield return HostileScenario.Violation("obsolete-resize", "obsolete RESIZE (129)", ObsoleteMessageType,
            Sends(Wire.Raw(129, W, 8, new byte[8])));
        yield return HostileScenario.Violation("obsolete-mfndump", "obsolete MFNDUMP (135)", ObsoleteMessageType,
            Sends(Wire.Raw(135, W, 0)));
        yield return HostileScenario.Violation("obsolete-execute", "obsolete EXECUTE (138)", ObsoleteMessageType,
            Sends(Wire.Raw(138, W, 0)));
        yield return HostileScenario.Violation("wrong-direction", "KEYPRESS (daemon to agent only) sent by the agent", WrongDirection,
            Sends(Wire.Fields(MessageType.KeyPress, W, 2, 0, 0, 0, 0, 38)));
        yield return HostileScenario.Violation("window-id-zero", "CREATE for window 0", WindowIdZero,
            Sends(Wire.Create(0, 700, 400, 10, 10)));
        yield return HostileScenario.Violation("window-id-not-zero", "CLIPBOARD_DATA addressed to a window", WindowIdNotZero,
            Sends(Wire.Raw((uint)MessageType.ClipboardData, W, 2, "hi"u8)));
    }

    private static IEnumerable<HostileScenario> Fields()
    {
        yield return HostileScenario.Violation("size-zero", "CREATE of a 0x0 window", SizeOutOfRange,
            Sends(Wire.Create(W, 700, 400, 0, 0)));
        yield return HostileScenario.Violation("size-too-large", "CREATE 16385 pixels wide", SizeOutOfRange,
            Sends(Wire.Create(W, 700, 400, Limits.MaxWindowWidth + 1, 10)));
        yield return HostileScenario.Violation("create-overflows-32-bits", "CREATE 0x80000000 x 0x80000000 (width x height x 4 overflows 32 and 64 bits)", SizeOutOfRange,
            Sends(Wire.Create(W, 700, 400, 0x8000_0000, 0x8000_0000)));
        yield return HostileScenario.Violation("dump-overflows-32-bits", "WINDOW_DUMP 65536 x 65536, stride 262144 (stride x height = 2^34)", SizeOutOfRange,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "target"));
                using SharedMemory.Grants.IAgentGrant grant = new SharedMemory.Grants.MemfdGrantAllocator().Allocate(4096);
                attacker.SendWithFds(Wire.Dump(W, 65536, 65536, 262144), grant.ShareHandle);
            });
        yield return HostileScenario.Violation("position-out-of-range", "CREATE at x = 40000", PositionOutOfRange,
            Sends(Wire.Create(W, 40000, 400, 10, 10)));
        yield return HostileScenario.Violation("position-negative", "CREATE at y = -40000", PositionOutOfRange,
            Sends(Wire.Create(W, 700, -40000, 10, 10)));
        yield return HostileScenario.Violation("configure-huge", "CONFIGURE to 0x7FFFFFFF x 0x7FFFFFFF", SizeOutOfRange,
            AfterWindow(Wire.Configure(W, 0, 0, int.MaxValue, int.MaxValue)));
        yield return HostileScenario.Violation("shmimage-out-of-range", "SHMIMAGE of a rectangle at x = 16384", RectangleOutOfRange,
            AfterWindow(Wire.Fields(MessageType.ShmImage, W, 16384, 0, 10, 10)));
        yield return HostileScenario.Violation("boolean-out-of-range", "CREATE with override_redirect = 2", BooleanOutOfRange,
            Sends(Wire.Create(W, 700, 400, 10, 10, overrideRedirect: 2)));
        yield return HostileScenario.Violation("parent-window", "CREATE nested in a parent window", ParentNotSupported,
            Sends(Wire.Create(W, 700, 400, 10, 10, parent: 0x200)));
        yield return HostileScenario.Violation("hints-unknown-flags", "WINDOW_HINTS with flag 0x400", HintsUnknownFlags,
            AfterWindow(Wire.Fields(MessageType.WindowHints, W, 0x400, 0, 0, 0, 0, 0, 0, 0, 0)));
        yield return HostileScenario.Violation("hints-min-above-max", "WINDOW_HINTS with minimum 500 over maximum 100", HintsMinAboveMax,
            AfterWindow(Wire.Fields(MessageType.WindowHints, W, 0x30, 500, 500, 100, 100, 0, 0, 0, 0)));
        yield return HostileScenario.Violation("flags-unknown-bits", "WINDOW_FLAGS setting bit 0x80", FlagsUnknownBits,
            AfterWindow(Wire.Fields(MessageType.WindowFlags, W, 0x80, 0)));
        yield return HostileScenario.Violation("flags-set-and-unset", "WINDOW_FLAGS setting and unsetting fullscreen at once", FlagsSetAndUnset,
            AfterWindow(Wire.Fields(MessageType.WindowFlags, W, 1, 1)));
        yield return HostileScenario.Violation("window-type-unknown", "WINDOW_TYPE 12 (one past dnd; desktop and dock have no value)", WindowTypeUnknown,
            AfterWindow(Wire.Fields(MessageType.WindowType, W, 12, 0)));
        yield return HostileScenario.Violation("window-type-states-unknown", "WINDOW_TYPE with state bit 0x8 (what would be 'above')", WindowTypeStatesUnknown,
            AfterWindow(Wire.Fields(MessageType.WindowType, W, 1, 8)));
        yield return HostileScenario.Violation("cursor-out-of-range", "CURSOR 0xFFFF", CursorOutOfRange,
            AfterWindow(Wire.Fields(MessageType.Cursor, W, 0xFFFF)));
        yield return HostileScenario.Violation("cursor-mask-glyph", "CURSOR 0x101 (an odd glyph: a mask, not a shape)", CursorOutOfRange,
            AfterWindow(Wire.Fields(MessageType.Cursor, W, 0x101)));
        yield return HostileScenario.Violation("dump-grant-refs", "WINDOW_DUMP of Xen grant refs (type 0)", DumpTypeUnsupported,
            DumpWith(SealedPage, Wire.Dump(W, 10, 10, 40, type: 0)));
        yield return HostileScenario.Violation("dump-depth", "WINDOW_DUMP with 32 bits a pixel", DumpDepthUnsupported,
            DumpWith(SealedPage, Wire.Dump(W, 10, 10, 40, bpp: 32)));
        yield return HostileScenario.Violation("dump-stride", "WINDOW_DUMP with a stride below width x 4", DumpStrideInvalid,
            DumpWith(SealedPage, Wire.Dump(W, 10, 10, 36)));
    }

    private static IEnumerable<HostileScenario> Text()
    {
        yield return HostileScenario.Violation("title-not-terminated", "WMNAME of 128 bytes without a NUL", TextNotTerminated,
            AfterWindow(Wire.Name(W, Enumerable.Repeat((byte)'A', Limits.TitleBytes).ToArray())));
        yield return HostileScenario.Violation("title-hidden-bytes", "WMNAME with bytes hidden after the NUL", TextPaddingNotZero,
            AfterWindow(Wire.Name(W, [.. "ok"u8, 0, .. "[work] bank"u8, .. new byte[Limits.TitleBytes - 14]])));
        yield return HostileScenario.Violation("class-not-terminated", "WMCLASS with no NUL in its class field", TextNotTerminated,
            Sends(Wire.Create(W, 700, 400, 10, 10), Wire.Raw((uint)MessageType.WindowClass, W, 2 * Limits.ClassPartBytes, Enumerable.Repeat((byte)'c', 2 * Limits.ClassPartBytes).ToArray())));
        yield return new HostileScenario("title-invalid-utf8", "WMNAME of invalid UTF-8 (0xFF 0xFE, an overlong NUL 0xC0 0x80)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "target"));
                attacker.Send(Wire.Name(W, Wire.Padded([0xFF, 0xFE, 0xC0, 0x80, (byte)'x'], Limits.TitleBytes)));
                context.Fixture.Screen.WaitForWindow(context.HostTitle("\uFFFD\uFFFD\uFFFD\uFFFDx")); // each bad byte is one U+FFFD
            });
        yield return new HostileScenario("title-impersonation", "WMNAME \"\\u202E]krow[ bank\" (a right-to-left override to fake another qube's prefix)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "\u202E]krow[ bank"));
                context.Fixture.Screen.WaitForWindow(context.HostTitle("\uFFFD]krow[ bank")); // the override is gone; the real prefix stays first
            });
        yield return new HostileScenario("title-huge", "WMNAME of 127 bytes: 31 four-byte characters and a cut one", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                byte[] title = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\U0001F600", 32)))[..127];
                attacker.Send(Wire.Shown(W, "x"));
                attacker.Send(Wire.Name(W, Wire.Padded(title, Limits.TitleBytes)));
                context.Fixture.Screen.WaitForWindow(context.HostTitle(string.Concat(Enumerable.Repeat("\U0001F600", 31)) + "\uFFFD"));
            });
    }
}
