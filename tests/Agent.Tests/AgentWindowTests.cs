using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;

namespace GuiVirt.Agent.Tests;

/// <summary>Real apps on a real qube X server; the agent's messages as the daemon receives them.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentWindowTests : QubeSessionTest
{
    [Fact]
    public async Task AnXtermArrivesWithItsGeometryTitleAndClass()
    {
        using ToolProcess xterm = ToolProcess.Start(Session.Qube.Display, "xterm", ["-geometry", "80x24+30+40", "-T", "hello from xterm", "-e", "sleep", "60"]);
        var messages = await Session.Received.WaitForAsync(
            m => m.Any(x => x.Type == MessageType.Map) && m.Any(x => x.Body is WindowName { Title: "hello from xterm" }),
            "xterm's MAP and title");

        WindowId window = messages.First(m => m.Type == MessageType.Map).Window;
        var create = (Create)messages.Single(m => m.Type == MessageType.Create && m.Window == window).Body!;
        Assert.False(create.OverrideRedirect);
        // xterm asks to be placed at +30+40 (created elsewhere, then configured): the window
        // manager grants it and the daemon hears the result.
        messages = await Session.Received.WaitForAsync(
            m => m.LastOrDefault(x => x.Window == window && x.Type == MessageType.Configure).Body is Configure { X: 30, Y: 40 },
            "CONFIGURE to +30+40");
        var placed = (Configure)messages.Last(m => m.Window == window && m.Type == MessageType.Configure).Body!;
        Assert.InRange(placed.Width, 200, 1000);
        Assert.Contains(messages, m => m.Window == window && m.Body is WindowClass { ClassName: "XTerm", InstanceName: "xterm" });
        Assert.Contains(messages, m => m.Window == window && m.Body is WindowHints);
        // WMCLASS must come before MAP: the daemon takes it only while the window is unmapped.
        int classAt = messages.ToList().FindIndex(m => m.Window == window && m.Type == MessageType.WindowClass);
        int mapAt = messages.ToList().FindIndex(m => m.Window == window && m.Type == MessageType.Map);
        Assert.True(classAt < mapAt);
    }

    [Fact]
    public async Task AnOverrideRedirectWindowArrivesAsOne()
    {
        using TestAppProcess menu = TestAppProcess.Start(Session.Qube.Display, "--override-redirect", "--geometry", "120x80+5+5");
        var id = new WindowId((uint)menu.Window);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map && x.Window == id), "the menu's MAP");
        Assert.Contains(messages, m => m.Window == id && m.Body is Create { OverrideRedirect: true, Width: 120, Height: 80 });
        Assert.Contains(messages, m => m.Window == id && m.Body is MapInfo { OverrideRedirect: true });
    }

    [Fact]
    public async Task XtermsPopupMenuArrivesAsOverrideRedirect()
    {
        using ToolProcess xterm = ToolProcess.Start(Session.Qube.Display, "xterm", ["-geometry", "80x24+0+0", "-e", "sleep", "60"]);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map), "xterm's MAP");
        WindowId terminal = messages.First(m => m.Type == MessageType.Map).Window;
        var daemon = Session.Daemon.Channel!;
        const uint ControlL = 37, ControlMask = 4;
        daemon.Send(terminal, new FocusEvent(true, 0, 0));
        daemon.Send(terminal, new MotionEvent(100, 100, 0, false));
        daemon.Send(terminal, new KeyEvent(true, 100, 100, 0, ControlL));
        daemon.Send(terminal, new ButtonEvent(true, 100, 100, ControlMask, 1)); // Ctrl+click: xterm's main menu
        messages = await Session.Received.WaitForAsync(
            m => m.Any(x => x.Window != terminal && x.Body is MapInfo { OverrideRedirect: true }),
            "the menu's MAP as override-redirect");
        WindowId menu = messages.First(m => m.Window != terminal && m.Body is MapInfo { OverrideRedirect: true }).Window;
        Assert.Contains(messages, m => m.Window == menu && m.Type == MessageType.WindowDump);
        daemon.Send(terminal, new ButtonEvent(false, 100, 100, ControlMask | 0x100, 1));
        daemon.Send(terminal, new KeyEvent(false, 100, 100, ControlMask, ControlL));
    }

    [Fact]
    public async Task AClosedAppsWindowIsDestroyed()
    {
        var app = TestAppProcess.Start(Session.Qube.Display, "--geometry", "100x100+0+0");
        var id = new WindowId((uint)app.Window);
        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map && x.Window == id), "MAP");
        app.Dispose(); // killed: the X server destroys its window
        await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Destroy && x.Window == id), "DESTROY");
    }

    [Fact]
    public async Task CloseAsksTheAppPolitely()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "100x100+0+0");
        var id = new WindowId((uint)app.Window);
        Session.Daemon.Channel!.SendEmpty(MessageType.Close, id);
        Assert.Equal(0, app.WaitForExit(TimeSpan.FromSeconds(10))); // WM_DELETE_WINDOW: a clean exit
    }

    [Fact]
    public async Task TheHostMovesAndResizesTheWindowInTheQubeWithoutAnEcho()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x100+10+10");
        var id = new WindowId((uint)app.Window);
        Session.Daemon.Channel!.Send(id, new Configure(300, 200, 400, 250, false));
        // The new grant is sent after the agent has handled the window's ConfigureNotify, so an
        // echo, had there been one, would be before it.
        IReadOnlyList<(MessageType Type, WindowId Window, object? Body)> received = await Session.Received.WaitForAsync(
            m => m.Any(x => x.Window == id && x.Body is WindowDump { Width: 400, Height: 250 }),
            "a new grant at the new size");
        using (var qube = X11.XDisplay.Open(Session.Qube.Display))
        {
            Assert.Equal(new X11.XRect(300, 200, 400, 250), qube.TryGetGeometry(new X11.XWindow(app.Window))?.Bounds); // the app's window is where the host put it
        }

        // The daemon asked for it: telling it back would make it move the host window again.
        Assert.DoesNotContain(received, x => x.Window == id && x.Body is Configure { X: 300, Y: 200 });

        // A change of the app's own is reported.
        using (var qube = new XClient(Session.Qube.Display))
        {
            qube.MoveResize(app.Window, 50, 60, 400, 250);
        }

        await Session.Received.WaitForAsync(
            m => m.Any(x => x.Window == id && x.Body is Configure { X: 50, Y: 60, Width: 400, Height: 250 }),
            "CONFIGURE for the app's own move");
    }

    [Fact]
    public async Task ARaiseIsNotAMoveSoTheHostsMoveIsNotUndone()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x100+10+10");
        using TestAppProcess above = await Session.StartAppAsync("--geometry", "200x100+20+20"); // so that the raise restacks
        var id = new WindowId((uint)app.Window);
        int before = Session.Received.Snapshot().Count;
        // The user clicks the window (focus: the agent raises it in the qube) and moves it on the
        // host at once. The raise's ConfigureNotify carries the old place; reported after the
        // host's CONFIGURE, it made the daemon move the host window back (seen under fluxbox).
        Session.Daemon.Channel!.Send(id, new FocusEvent(true, 0, 0));
        Session.Daemon.Channel!.Send(id, new Configure(300, 200, 200, 100, false));
        Session.Daemon.Channel!.Send(id, new Configure(300, 200, 400, 250, false));
        IReadOnlyList<(MessageType Type, WindowId Window, object? Body)> received = await Session.Received.WaitForAsync(
            m => m.Any(x => x.Window == id && x.Body is WindowDump { Width: 400, Height: 250 }),
            "a new grant at the new size");

        Assert.DoesNotContain(received.Skip(before), x => x.Window == id && x.Type == MessageType.Configure);
    }
}
