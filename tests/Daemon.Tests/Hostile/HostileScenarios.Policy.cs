using GuiVirt.Protocol;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>Window policy: what a qube may ask of the host screen, and what it gets instead.</summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> Policy()
    {
        yield return new HostileScenario("fullscreen-request", "WINDOW_FLAGS fullscreen (default policy: maximize)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "full"));
                attacker.Send(Wire.Fields(MessageType.WindowFlags, W, 1, 0));
                HostScreen screen = context.Fixture.Screen;
                WaitUntil(() => screen.WaitForWindow(context.HostTitle("full")).Bounds == new XRect(0, 0, 1280, 800), "the window maximized");
                XWindow window = screen.WaitForWindow(context.HostTitle("full")).Window;
                Assert.False(screen.Geometry(window).OverrideRedirect); // managed, framed, titled: still recognisable
                Assert.Equal("red", screen.Text(window, "_QUBES_LABEL"));
            });
        yield return new HostileScenario("untitled-type-cover", "a screen-sized window typed splash (drawn without a title bar), then a small one typed tooltip", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Create(W, 0, 0, 1280, 800));
                attacker.Send(Wire.Name(W, "splash"));
                attacker.Send(Wire.Fields(MessageType.WindowType, W, 5 /* splash */, 2 /* skip taskbar */));
                attacker.Send(Wire.Map(W));
                attacker.Send(Wire.Shown(W + 1, "tip"));
                attacker.Send(Wire.Fields(MessageType.WindowType, W + 1, 8 /* tooltip */, 0));
                HostScreen screen = context.Fixture.Screen;
                XWindow cover = screen.WaitForWindow(context.HostTitle("splash")).Window, tip = screen.WaitForWindow(context.HostTitle("tip")).Window;
                XAtom Type(string name) => screen.Display.Atom("_NET_WM_WINDOW_TYPE_" + name);
                WaitUntil(() => screen.Longs(tip, "_NET_WM_WINDOW_TYPE") is [long t] && (nuint)t == Type("TOOLTIP").Id, "the small tooltip typed as it asked");
                Assert.Equal([(long)Type("NORMAL").Id], screen.Longs(cover, "_NET_WM_WINDOW_TYPE")); // titled like any window: no untitled fake desktop
                Assert.Equal([(long)screen.Display.Atom("_NET_WM_STATE_SKIP_TASKBAR").Id], screen.Longs(cover, "_NET_WM_STATE"));
            });
        yield return new HostileScenario("override-redirect-cover", "an override-redirect window as big as the screen", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "desktop", 0, 0, 1280, 800, overrideRedirect: 1));
                HostScreen screen = context.Fixture.Screen;
                Assert.False(screen.Geometry(screen.WaitForWindow(context.HostTitle("desktop")).Window).OverrideRedirect); // managed instead
            });
        yield return new HostileScenario("override-redirect-grow", "a small override-redirect menu resized to the whole screen", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "menu", 700, 400, 50, 50, overrideRedirect: 1));
                HostScreen screen = context.Fixture.Screen;
                Assert.True(screen.Geometry(screen.WaitForWindow(context.HostTitle("menu")).Window).OverrideRedirect); // small: unmanaged is fine
                attacker.Send(Wire.Configure(W, 0, 0, 1280, 800, overrideRedirect: 1));
                WaitUntil(() => !screen.Geometry(screen.WaitForWindow(context.HostTitle("menu")).Window).OverrideRedirect, "the grown menu managed");
            });
        yield return new HostileScenario("off-screen-position", "a window at (-32000, -32000)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "hidden", x: -32000, y: -32000));
                XRect bounds = context.Fixture.Screen.WaitForWindow(context.HostTitle("hidden")).Bounds;
                Assert.True(bounds.X >= 0 && bounds.Y >= 0, $"the window was left off the screen at {bounds}"); // brought onto the screen
            });
        yield return new HostileScenario("map-raise-spam", "20,000 UNMAP/MAP pairs (each MAP raises) to steal focus and attention", Verdict.Contained, null,
            async context =>
            {
                string focusBefore = Focus(context);
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "spam"));
                Task spam = Attacker.OnOwnThread(() =>
                {
                    for (int i = 0; i < 20_000; i++)
                    {
                        attacker.Send([.. Wire.Empty(MessageType.Unmap, W), .. Wire.Map(W)]);
                    }
                });
                context.Fixture.AssertHonestQubeUpdates(); // during the spam
                await spam.WaitAsync(TimeSpan.FromMinutes(2));
                await attacker.PingAsync();
                Assert.Equal(focusBefore, Focus(context)); // the daemon never gives a qube the keyboard focus
            });
        yield return new HostileScenario("map-under-pointer", "a 1x1 window mapped right under the pointer while the user types in the honest qube (no window manager: the keyboard would follow the pointer)", Verdict.Contained, null,
            async context =>
            {
                (int x, int y) = context.Fixture.FocusHonestWindow();
                context.Fixture.TypeIntoHonestApp("f");
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "pixel", x, y, 1, 1)); // its host window, frame included, covers (x - 2, y - 2) to (x + 2, y + 2)
                HostScreen screen = context.Fixture.Screen;
                XWindow pixel = screen.WaitForWindow(context.HostTitle("pixel")).Window;
                WaitUntil(() => screen.Display.PointerWindow() == pixel, "the attacker's window under the pointer");
                Assert.Equal([0L], screen.Longs(pixel, "_NET_WM_USER_TIME")); // and a window manager would not focus it either
                context.Fixture.TypeIntoHonestApp("g"); // the keys still reach the window the user focused
                context.Fixture.TypeIntoHonestApp("h");
                await attacker.PingAsync(); // everything the daemon sent before the answer has been read
                Assert.Equal(0, attacker.Keys);
            });
        yield return new HostileScenario("cursor-spam", "10,000 CURSOR changes through every valid glyph", Verdict.Contained, null,
            AfterWindow([.. Enumerable.Range(0, 10_000).Select(i => Wire.Fields(MessageType.Cursor, W, Limits.CursorX11First + (uint)(2 * (i % 77))))]));
    }

    /// <summary>Where the host's keyboard focus is, as xdotool reports it (its exit code and output).</summary>
    private static string Focus(HostileContext context)
    {
        (int exitCode, byte[] output) = ToolProcess.Run(context.Fixture.Host.Display, "xdotool", "getwindowfocus");
        return $"{exitCode}: {System.Text.Encoding.UTF8.GetString(output).Trim()}";
    }

    private static void WaitUntil(Func<bool> condition, string what, double seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"never: {what}");
            Thread.Sleep(50);
        }
    }
}
