using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Agent.Tests;

/// <summary>The daemon's input messages reach the qube's apps as real X input.</summary>
[Collection(XServerCollection.Name)]
public sealed class AgentInputTests : QubeSessionTest
{
    // Keycodes of Xvfb's default (evdev, us) keymap.
    private const uint KeyH = 43, KeyI = 31, KeyA = 38, KeyReturn = 36;

    [Fact]
    public async Task KeysReachTheTestApp()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x200+50+50");
        var id = new WindowId((uint)app.Window);
        var daemon = Session.Daemon.Channel!;
        daemon.Send(id, new FocusEvent(true, 0, 0));
        daemon.Send(id, new KeyEvent(true, 10, 10, 0, KeyA));
        daemon.Send(id, new KeyEvent(false, 10, 10, 0, KeyA));
        app.WaitForLine(line => line.StartsWith("key press keycode=38", StringComparison.Ordinal) && line.Contains("text=a", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        app.WaitForLine(line => line.StartsWith("key release keycode=38", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AKeyReachesItsWindowWithoutAFocusMessageWhereverTheQubesPointerIs()
    {
        // A host without a window manager sends no FOCUS; something in the qube moved its pointer away.
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x200+50+50");
        var id = new WindowId((uint)app.Window);
        using (XDisplay qube = XDisplay.Open(Session.Qube.Display))
        {
            qube.FakeMotion(600, 400);
            qube.Sync();
        }

        var daemon = Session.Daemon.Channel!;
        daemon.Send(id, new KeyEvent(true, 10, 10, 0, KeyH));
        daemon.Send(id, new KeyEvent(false, 10, 10, 0, KeyH));
        app.WaitForLine(line => line.StartsWith("key press keycode=43", StringComparison.Ordinal) && line.Contains("text=h", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AKeymapWithoutAKeyReleasesItWhenItIsStuckInTheQube()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x200+50+50");
        var id = new WindowId((uint)app.Window);
        var daemon = Session.Daemon.Channel!;
        daemon.Send(id, new FocusEvent(true, 0, 0));
        daemon.Send(id, new KeyEvent(true, 10, 10, 0, KeyA)); // released on the host while another window had the focus
        app.WaitForLine(line => line.StartsWith("key press keycode=38", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var keys = new byte[Limits.KeymapBytes];
        keys[KeyH >> 3] |= (byte)(1 << (int)(KeyH & 7)); // another key is down on the host: that one stays
        daemon.Send(WindowId.None, new Keymap(keys));
        app.WaitForLine(line => line.StartsWith("key release keycode=38", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // A key typed after the keymap arrives after anything the keymap made the agent inject:
        // then the held key is known never to have been touched.
        daemon.Send(id, new KeyEvent(true, 10, 10, 0, KeyI));
        daemon.Send(id, new KeyEvent(false, 10, 10, 0, KeyI));
        app.WaitForLine(line => line.StartsWith("key release keycode=31", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(app.Lines, line => line.Contains("keycode=43", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ButtonsAndMotionReachTheTestAppAtTheRightPlace()
    {
        using TestAppProcess app = await Session.StartAppAsync("--geometry", "200x200+50+60");
        var id = new WindowId((uint)app.Window);
        var daemon = Session.Daemon.Channel!;
        daemon.Send(id, new MotionEvent(20, 30, 0, false));
        daemon.Send(id, new ButtonEvent(true, 25, 35, 0, 1));
        daemon.Send(id, new ButtonEvent(false, 25, 35, 0x100, 1));
        app.WaitForLine(line => line.StartsWith("motion", StringComparison.Ordinal) && line.Contains("x=20 y=30", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        app.WaitForLine(line => line.StartsWith("button press", StringComparison.Ordinal) && line.Contains("button=1", StringComparison.Ordinal) && line.Contains("x=25 y=35", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        app.WaitForLine(line => line.StartsWith("button release", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TextTypedIntoXtermArrives()
    {
        string output = Path.Combine(Path.GetTempPath(), $"guivirt-xterm-{Guid.NewGuid():N}.txt");
        using ToolProcess xterm = ToolProcess.Start(Session.Qube.Display, "xterm", ["-geometry", "40x5+0+0", "-e", "sh", "-c", $"read line; printf '%s' \"$line\" > {output}"]);
        var messages = await Session.Received.WaitForAsync(m => m.Any(x => x.Type == MessageType.Map), "xterm's MAP");
        WindowId id = messages.First(m => m.Type == MessageType.Map).Window;
        var daemon = Session.Daemon.Channel!;
        daemon.Send(id, new FocusEvent(true, 0, 0));
        daemon.Send(id, new MotionEvent(20, 20, 0, false)); // xterm also wants the pointer inside
        foreach (uint key in new[] { KeyH, KeyI, KeyReturn })
        {
            daemon.Send(id, new KeyEvent(true, 20, 20, 0, key));
            daemon.Send(id, new KeyEvent(false, 20, 20, 0, key));
        }

        Assert.Equal(0, xterm.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.Equal("hi", await File.ReadAllTextAsync(output, Encoding.UTF8));
        File.Delete(output);
    }
}
