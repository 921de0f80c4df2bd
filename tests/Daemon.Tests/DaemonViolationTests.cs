using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Tests.Shared;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests;

/// <summary>
/// The window table's stateful checks, each produced for real over the socket: the offending qube
/// is disconnected with the reason logged, and a well-behaved qube carries on.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonViolationTests : IDisposable
{
    private static readonly WindowId First = new(0x100), Second = new(0x200);

    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-daemon-test-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly DaemonProcess _daemon;

    public DaemonViolationTests() => _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "evil:red", "good:green");

    public static TheoryData<ProtocolViolation> Owned => [.. ViolationOwnership.Daemon];

    public void Dispose()
    {
        _daemon.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Owned))]
    public async Task EachStatefulViolationDisconnectsOnlyTheOffender(ProtocolViolation violation)
    {
        using ScriptedAgent good = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("good"));
        using ScriptedAgent evil = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("evil"));
        Commit(evil, violation);
        await evil.FlushAsync();

        Assert.True(await evil.IsDisconnectedAsync(), $"the daemon kept a qube that sent {violation}\n{_daemon.Log}");
        _daemon.WaitForLog($"qube evil disconnected: protocol violation {violation}");

        // The daemon and the other qube go on: a new window of the good qube appears on the host.
        good.Channel.Send(First, new Create(10, 10, 50, 40, false));
        good.Channel.Send(First, new WindowName("still here"));
        good.Channel.Send(First, new MapInfo(WindowId.None, false));
        await good.FlushAsync();
        using var screen = new HostScreen(_host.Display);
        screen.WaitForWindow("[good] still here");
        Assert.False(_daemon.HasExited);
        Assert.DoesNotContain("qube good disconnected", _daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStatelessViolationDisconnectsToo()
    {
        using ScriptedAgent evil = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("evil"));
        evil.Channel.SendHandshake([0x94, 0, 0, 0, 0x00, 0x01, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0]); // CURSOR 0xFFFF
        await evil.FlushAsync();
        Assert.True(await evil.IsDisconnectedAsync());
        _daemon.WaitForLog("qube evil disconnected: protocol violation CursorOutOfRange in Cursor(148) window=0x100");
    }

    [Fact]
    public async Task DescriptorsBeforeTheHelloAreRefused()
    {
        using Hostile.Attacker evil = await Hostile.Attacker.ConnectAsync(_daemon.SocketOf("evil"), hello: false);
        using var memfd = new MemfdGrantAllocator().Allocate(4096);
        // One byte with a descriptor, then one more: nothing can claim the descriptor.
        evil.SendWithFds([0], memfd.ShareHandle);
        evil.Send([0]);
        _daemon.WaitForLog("qube evil disconnected: protocol violation UnexpectedFd");
        await evil.Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnUnmanagedWindowThatGrowsOverTheScreenBecomesManaged()
    {
        using ScriptedAgent agent = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("evil"));
        agent.Channel.Send(First, new Create(10, 10, 100, 100, true));
        agent.Channel.Send(First, new WindowName("menu"));
        agent.Channel.Send(First, new MapInfo(WindowId.None, true));
        await agent.FlushAsync();
        using var screen = new HostScreen(_host.Display);
        (GuiVirt.X11.XWindow window, _) = screen.WaitForWindow("[evil] menu");
        Assert.True(screen.Geometry(window).OverrideRedirect); // a small menu: unmanaged is fine

        agent.Channel.Send(First, new Configure(0, 0, 1280, 800, true)); // now as big as the screen
        await agent.FlushAsync();
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (screen.Geometry(screen.WaitForWindow("[evil] menu").Window).OverrideRedirect)
        {
            Assert.True(DateTime.UtcNow < deadline, "the screen-sized window stayed unmanaged");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public async Task ASecondAgentForTheSameQubeIsRefused()
    {
        using ScriptedAgent first = await ScriptedAgent.ConnectAsync(_daemon.SocketOf("good"));
        using var second = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await second.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_daemon.SocketOf("good")));
        Assert.Equal(0, await second.ReceiveAsync(new byte[16], System.Net.Sockets.SocketFlags.None)); // closed at once
        _daemon.WaitForLog("qube good: a second agent tried to connect; refused");
        await first.PingAsync(_daemon.Log); // the first agent is still served
    }

    /// <summary>The shortest honest-looking sequence that ends in <paramref name="violation"/> (the hostile suite reuses it).</summary>
    internal static void Commit(ScriptedAgent agent, ProtocolViolation violation)
    {
        MessageChannelExtensions.Create(agent, First);
        switch (violation)
        {
            case ProtocolViolation.UnknownWindow:
                agent.Channel.Send(Second, new MapInfo(WindowId.None, false));
                break;
            case ProtocolViolation.WindowAlreadyExists:
                MessageChannelExtensions.Create(agent, First);
                break;
            case ProtocolViolation.TransientForInvalid:
                agent.Channel.Send(First, new MapInfo(Second, false)); // a dialog of a window it does not have
                break;
            case ProtocolViolation.ClassAfterMap:
                agent.Channel.Send(First, new MapInfo(WindowId.None, false));
                agent.Channel.Send(First, new WindowClass("late", "late"));
                break;
            case ProtocolViolation.ImageWithoutGrant:
                agent.Channel.Send(First, new ShmImage(0, 0, 1, 1));
                break;
            case ProtocolViolation.ResourceLimitExceeded:
                // Three largest windows (384 MiB each, sparse: nothing is touched) pass the 1 GiB
                // grant budget twice; the third is refused before it is mapped.
                using (IAgentGrant grant = new MemfdGrantAllocator().Allocate(Limits.MaxGrantBytes))
                {
                    for (uint i = 1; i <= 3; i++)
                    {
                        MessageChannelExtensions.Create(agent, new WindowId(0x1000 + i));
                        agent.Channel.Send(new WindowId(0x1000 + i), new WindowDump(16384, 6144, 65536), grant.ShareHandle);
                    }
                }

                break;
            case ProtocolViolation.TrayIconRefused:
                agent.Channel.Send(Second, new Create(0, 0, 16, 16, true));
                agent.Channel.SendEmpty(MessageType.Dock, Second); // an override-redirect window is no tray icon
                break;
            case ProtocolViolation.TrayIconSizeInvalid:
                agent.Channel.SendEmpty(MessageType.Dock, First);
                agent.Channel.Send(First, new Configure(0, 0, 129, 32, false)); // a docked window grown past 128
                break;
            default:
                throw new InvalidOperationException($"no scenario produces {violation}: add one");
        }
    }

    private static class MessageChannelExtensions
    {
        public static void Create(ScriptedAgent agent, WindowId window) => agent.Channel.Send(window, new Create(0, 0, 32, 32, false));
    }
}
