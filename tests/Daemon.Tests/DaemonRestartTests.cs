using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests;

/// <summary>Reconnection, and a scripted agent that uses every message type correctly.</summary>
[Collection(XServerCollection.Name)]
public sealed class DaemonRestartTests : HostDisplayTest
{
    [Fact]
    public void AfterADaemonRestartTheQubesWindowsComeBack()
    {
        using var qube = new XvfbServer(1280, 800);
        var first = new DaemonProcess(Host.Display, Sockets, "work:purple");
        using var agent = new AgentProcess(qube.Display, first.SocketOf("work"), once: false);
        using TestAppProcess app = TestAppProcess.Start(qube.Display, "--geometry", "120x80+30+30", "--title", "phoenix");
        using var screen = new HostScreen(Host.Display);
        screen.WaitForWindow("[work] phoenix");

        first.Dispose();
        screen.WaitUntilGone("[work] phoenix"); // the daemon's windows went with it (as the host server closes its connection)

        using var second = new DaemonProcess(Host.Display, Sockets, "work:purple");
        second.SocketOf("work");
        screen.WaitForWindow("[work] phoenix", seconds: 30); // the agent reconnects and announces it again
        screen.WaitForPixel(28, 28, 0x75507B); // its purple frame
    }

    [Fact]
    public async Task EveryMessageTypeUsedCorrectlyIsAccepted()
    {
        using var daemon = new DaemonProcess(Host.Display, Sockets, "work:yellow");
        using ScriptedAgent agent = await ScriptedAgent.ConnectAsync(daemon.SocketOf("work"));
        var main = new WindowId(0x10);
        var dialog = new WindowId(0x20);
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(64 * 4 * 48);
        agent.Channel.Send(main, new Create(100, 100, 64, 48, false));
        agent.Channel.Send(main, new WindowName("everything"));
        agent.Channel.Send(main, new WindowClass("Every", "every"));
        agent.Channel.Send(main, new WindowHints(SizeHintFlags.MinSize | SizeHintFlags.MaxSize, 10, 10, 640, 480, 0, 0, 0, 0));
        agent.Channel.Send(main, new MapInfo(WindowId.None, false));
        agent.Channel.Send(main, new WindowDump(64, 48, 256), grant.ShareHandle);
        agent.Channel.Send(main, new ShmImage(0, 0, 64, 48));
        agent.Channel.Send(main, new Configure(120, 110, 64, 48, false));
        agent.Channel.Send(main, CursorShape.FromFontGlyph(152));
        agent.Channel.Send(main, new WindowFlags(WindowStateFlags.DemandsAttention, WindowStateFlags.None));
        agent.Channel.Send(dialog, new Create(150, 150, 30, 20, false));
        agent.Channel.Send(dialog, new MapInfo(main, false));
        agent.Channel.SendEmpty(MessageType.Dock, dialog);
        agent.Channel.SendEmpty(MessageType.Unmap, dialog);
        agent.Channel.SendEmpty(MessageType.Destroy, dialog);
        agent.Channel.SendClipboardData("nobody asked"u8); // dropped and logged, not a violation
        await agent.FlushAsync();

        using var screen = new HostScreen(Host.Display);
        (XWindow window, _) = screen.WaitForWindow("[work] everything");
        Assert.Equal("work:every\0work:Every\0", screen.Text(window, "WM_CLASS"));
        await agent.PingAsync(daemon.Log); // still served: nothing above was a violation
        daemon.WaitForLog("qube work: unrequested clipboard data (12 bytes) dropped");
        Assert.DoesNotContain("nobody asked", daemon.Log, StringComparison.Ordinal); // never the content
    }
}
