using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestApp;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Agent.Tests;

/// <summary>The agent as the qube's system tray: a real app docks a tray icon over XEmbed, the agent embeds it and sends CREATE, DOCK, MAP and its pixels.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentTrayTests : QubeSessionTest
{
    private const int Side = 24; // GuiAgent's TrayIconSize

    [Fact]
    public async Task TheAgentOwnsTheQubesTraySelection()
    {
        using XDisplay qube = XDisplay.Open(Session.Qube.Display);
        XWindow owner = qube.GetSelectionOwner(qube.Atom("_NET_SYSTEM_TRAY_S0"));
        Assert.False(owner.IsNone);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ADockedIconIsEmbeddedInAContainerAnnouncedWithDockAndItsPixels()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--tray", "--seed", "7", "--title", "tray icon");
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Dock), "DOCK");
        WindowId container = messages.First(m => m.Type == MessageType.Dock).Window;
        Assert.NotEqual(new WindowId((uint)app.Window), container); // the agent's container, not the app's window
        int create = messages.ToList().FindIndex(m => m.Type == MessageType.Create && m.Window == container);
        int dock = messages.ToList().FindIndex(m => m.Type == MessageType.Dock && m.Window == container);
        Assert.InRange(create, 0, dock - 1); // CREATE, then DOCK
        var created = (Create)messages[create].Body!;
        Assert.Equal((Side, Side), (created.Width, created.Height));
        messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map && x.Window == container), "MAP of the container");
        Assert.True(messages.ToList().FindIndex(m => m.Type == MessageType.Map && m.Window == container) > dock); // DOCK before MAP

        using (XDisplay qube = XDisplay.Open(Session.Qube.Display))
        {
            Assert.Contains(new XWindow(app.Window), qube.Children(new XWindow(container.Value))); // XEmbed: reparented into the container
        }

        var expected = new uint[Side * Side];
        Pattern.Fill(expected, Side, Side, 7, 0);
        await Session.Received.WaitForPixelsAsync(container, Side, Side, expected);
    }

    [Fact]
    public async Task AClickOnTheContainerReachesTheIconApp()
    {
        using TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--tray");
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Dock) && m.Any(x => x.Type == MessageType.Map), "DOCK and MAP");
        WindowId container = messages.First(m => m.Type == MessageType.Dock).Window;
        Session.Daemon.Channel!.Send(container, new ButtonEvent(true, 5, 6, 0, 1));
        Session.Daemon.Channel!.Send(container, new ButtonEvent(false, 5, 6, 0, 1));
        app.WaitForLine(line => line.StartsWith("button press button=1", StringComparison.Ordinal) && line.EndsWith("x=5 y=6", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheContainerIsDestroyedWhenTheIconAppExits()
    {
        WindowId container;
        using (TestAppProcess app = TestAppProcess.Start(Session.Qube.Display, "--tray"))
        {
            var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Dock), "DOCK");
            container = messages.First(m => m.Type == MessageType.Dock).Window;
            app.Terminate();
            app.WaitForExit();
        }

        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Destroy && x.Window == container), "DESTROY of the container");
    }
}
