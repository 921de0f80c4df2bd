using GuiVirt.Protocol;
using GuiVirt.Protocol.Tests.Shared;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Agent.Tests;

/// <summary>WINDOW_ICON from a real app's _NET_WM_ICON: the image chosen, and malformed properties sent as nothing.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentIconTests : QubeSessionTest
{
    [Fact]
    public async Task TheLargestImageWithin128IsSentAsItIs()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "100x100+0+0", "--icon", "16,129,100,64", "--seed", "5");
        var id = new WindowId((uint)app.Window);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.WindowIcon && x.Window == id), "the app's WINDOW_ICON");
        var icon = (MessageRecorder.RecordedIcon)messages.First(m => m.Type == MessageType.WindowIcon && m.Window == id).Body!;
        Assert.Equal((100, 100), (icon.Width, icon.Height));
        var expected = new byte[100 * 100 * 4];
        for (int i = 0; i < 100 * 100; i++)
        {
            BitConverter.TryWriteBytes(expected.AsSpan(i * 4), IconPattern.Argb(100, i % 100, i / 100, 5));
        }

        Assert.Equal(expected, icon.Argb);
    }

    [Fact]
    public async Task AnIconWhoseSizeRunsPastThePropertyIsNotSent()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "100x100+0+0", "--title", "liar");
        var id = new WindowId((uint)app.Window);
        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map && x.Window == id), "MAP");

        // 1000 x 1000 announced, 3 pixels there; then a zero width: the agent sends nothing for either.
        using XDisplay qube = XDisplay.Open(Session.Qube.Display);
        qube.SetLongs(new XWindow(app.Window), qube.Atom("_NET_WM_ICON"), XAtom.Cardinal, [1000, 1000, 1, 2, 3]);
        qube.SetLongs(new XWindow(app.Window), qube.Atom("_NET_WM_ICON"), XAtom.Cardinal, [0, 5, 1, 2, 3, 4, 5]);
        qube.SetBytes(new XWindow(app.Window), qube.Atom("_NET_WM_NAME"), qube.Atom("UTF8_STRING"), "after"u8);
        qube.Sync();
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is Protocol.Messages.WindowName { Title: "after" }), "the title set after the icons");
        Assert.DoesNotContain(messages, m => m.Type == MessageType.WindowIcon && m.Window == id);
    }
}
