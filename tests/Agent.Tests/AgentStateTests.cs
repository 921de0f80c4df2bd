using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Agent.Tests;

/// <summary>Window states and cursor shapes reach the daemon as WINDOW_FLAGS and CURSOR.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentStateTests : QubeSessionTest
{
    [Fact]
    public async Task FullscreenAndAttentionRequestsBecomeWindowFlags()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "100x100+0+0");
        var id = new WindowId((uint)app.Window);
        using var client = new XClient(Session.Qube.Display);

        client.RequestNetWmState(app.Window, 1, "_NET_WM_STATE_FULLSCREEN");
        await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is WindowFlags { Set: WindowStateFlags.Fullscreen, Unset: 0 }), "fullscreen set");

        client.RequestNetWmState(app.Window, 1, "_NET_WM_STATE_DEMANDS_ATTENTION");
        await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is WindowFlags { Set: WindowStateFlags.DemandsAttention }), "attention set");

        client.RequestNetWmState(app.Window, 2, "_NET_WM_STATE_FULLSCREEN"); // toggle: off again
        await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is WindowFlags { Set: 0, Unset: WindowStateFlags.Fullscreen }), "fullscreen cleared");
        var state = client.GetProperty(app.Window, "_NET_WM_STATE");
        Assert.Equal("ATOM", state.Type); // the window manager keeps the property itself
    }

    [Theory]
    [InlineData("xterm", 152, 152)] // a cursor-font name
    [InlineData("pointer", 10, 60)] // a CSS name, as GTK uses: hand2 whatever the bitmap
    [InlineData("no-such-cursor", 20, null)] // unknown: the default cursor, never a bitmap
    public async Task ANamedCursorBecomesItsFontGlyph(string name, int glyph, int? expected)
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "100x100+200+0", "--cursor", $"{glyph}:{name}");
        var id = new WindowId((uint)app.Window);
        Session.Daemon.Channel!.Send(id, new MotionEvent(50, 50, 0, false));
        // The app saw the pointer arrive: the qube's server has processed the motion, and with it
        // told the agent that the cursor changed (XFixes).
        app.WaitForLine(line => line.StartsWith("motion", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        if (expected is int font)
        {
            await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is CursorShape s && s.FontGlyph == font), $"CURSOR {font}");
        }

        // The agent handles its X events in order: once it reports a title set after the motion,
        // it has sent whatever it made of the cursor change.
        using (XDisplay qube = XDisplay.Open(Session.Qube.Display))
        {
            qube.SetBytes(new XWindow(app.Window), qube.Atom("_NET_WM_NAME"), qube.Atom("UTF8_STRING"), "after the cursor"u8);
            qube.Sync();
        }

        await Session.Received.WaitForAsync(m => m.Any(x => x.Window == id && x.Body is WindowName { Title: "after the cursor" }), "the title set after the motion");
        Assert.DoesNotContain(Session.Received.Snapshot(), m => m.Window == id && m.Body is CursorShape s && s.FontGlyph != expected);
    }
}
