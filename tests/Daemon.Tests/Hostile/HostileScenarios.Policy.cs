using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
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
        yield return new HostileScenario("override-redirect-tiles", "four override-redirect tiles of a quarter of the screen each (each under the 90% rule)", Verdict.Contained, ": an override-redirect window is managed",
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                (int X, int Y)[] places = [(0, 0), (640, 0), (0, 400), (640, 400)];
                for (uint i = 0; i < 4; i++)
                {
                    attacker.Send(Wire.Shown(W + i, $"tile {i}", places[i].X, places[i].Y, 640, 400, overrideRedirect: 1));
                }

                HostScreen screen = context.Fixture.Screen;
                bool[] unmanaged = [.. Enumerable.Range(0, 4).Select(i => screen.Geometry(screen.WaitForWindow(context.HostTitle($"tile {i}")).Window).OverrideRedirect)];
                Assert.Equal(3, unmanaged.Count(u => u)); // the tile that completes the cover is managed and framed
            });
        yield return new HostileScenario("override-redirect-escape", "override-redirect windows the user dismisses with the escape hotkey, shown again at once", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "popup a", 700, 300, 200, 100, overrideRedirect: 1));
                attacker.Send(Wire.Shown(W + 1, "popup b", 950, 300, 200, 100, overrideRedirect: 1));
                HostScreen screen = context.Fixture.Screen;
                XRect popup = screen.WaitForWindow(context.HostTitle("popup a")).Bounds;
                screen.WaitForWindow(context.HostTitle("popup b"));
                OnHost(context, "xdotool", "mousemove", $"{popup.X + 20}", $"{popup.Y + 20}");
                OnHost(context, "xdotool", "key", "ctrl+alt+shift+k");
                screen.WaitUntilGone(context.HostTitle("popup a"));
                screen.WaitUntilGone(context.HostTitle("popup b"));
                attacker.Send([.. Wire.Empty(MessageType.Unmap, W), .. Wire.Map(W, overrideRedirect: 1)]); // and back at once
                Assert.False(screen.Geometry(screen.WaitForWindow(context.HostTitle("popup a")).Window).OverrideRedirect); // managed now
            });
        yield return new HostileScenario("xray-raise-spam", "2,000 UNMAP/MAP pairs (each MAP raises) while the user holds the X-ray hotkey", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "raiser", 700, 300, 300, 200));
                HostScreen screen = context.Fixture.Screen;
                screen.WaitForWindow(context.HostTitle("raiser"));
                const uint Red = 0xCC0000, Own = 0x00FF00; // its label; what it draws itself
                using IAgentGrant grant = new MemfdGrantAllocator().Allocate(300 * 200 * 4);
                FillGrant(grant, Own);
                attacker.SendWithFds(Wire.Dump(W, 300, 200, 300 * 4), grant.ShareHandle);
                screen.WaitForPixel(850, 400, Own);
                try
                {
                    OnHost(context, "xdotool", "keydown", "ctrl+alt+shift+x");
                    screen.WaitForPixel(850, 400, Red);
                    Task spam = Attacker.OnOwnThread(() =>
                    {
                        for (int i = 0; i < 2_000; i++)
                        {
                            attacker.Send([.. Wire.Empty(MessageType.Unmap, W), .. Wire.Map(W)]);
                        }
                    });
                    while (!spam.IsCompleted)
                    {
                        // Its label, or nothing while it is unmapped (its overlay goes with it), never its own pixels.
                        Assert.NotEqual(Own, screen.Screenshot(new XRect(850, 400, 1, 1))[0]);
                    }

                    await spam;
                    await attacker.PingAsync();
                    Assert.Equal(Red, screen.Screenshot(new XRect(850, 400, 1, 1))[0]);
                }
                finally
                {
                    OnHost(context, "xdotool", "keyup", "ctrl+alt+shift+x");
                }

                WaitUntil(() => screen.Screenshot(new XRect(850, 400, 1, 1))[0] != Red, "the X-ray view gone with the key");
            });
        yield return new HostileScenario("notice-raise-spam", "UNMAP/MAP pairs (each MAP raises) under the daemon's notice while it is shown", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "raiser", 800, 10, 470, 200)); // under the notice, top right
                HostScreen screen = context.Fixture.Screen;
                XRect raiser = screen.WaitForWindow(context.HostTitle("raiser")).Bounds;
                screen.ClickToFocus(raiser.X + 100, raiser.Y + 150); // the user focuses it: the paste hotkey works only there
                OnHost(context, "xdotool", "key", "ctrl+shift+v"); // nothing to paste: a notice for four seconds
                XWindow notice = screen.WaitForWindow("GuiVirt").Window;
                using var stop = new CancellationTokenSource();
                Task spam = Attacker.OnOwnThread(() =>
                {
                    while (!stop.IsCancellationRequested && !attacker.CutOff)
                    {
                        attacker.Send([.. Wire.Empty(MessageType.Unmap, W), .. Wire.Map(W)]);
                    }
                });
                try
                {
                    int samples = 0;
                    while (screen.Display.TryGetGeometry(notice) is { Viewable: true })
                    {
                        IReadOnlyList<XWindow> stack = screen.Display.Children(screen.Display.Root);
                        int noticeAt = stack.ToList().IndexOf(notice);
                        bool qubeAbove = stack.Skip(noticeAt + 1).Any(w => screen.Text(w, "_QUBES_VMNAME") is not null && screen.Display.TryGetGeometry(w) is { Viewable: true });
                        Assert.False(qubeAbove && screen.Display.TryGetGeometry(notice) is { Viewable: true }, $"a qube window went over the notice at sample {samples}");
                        samples++;
                    }

                    Assert.True(samples > 10, $"only {samples} samples while the notice was shown");
                }
                finally
                {
                    stop.Cancel();
                    await spam.WaitAsync(TimeSpan.FromSeconds(60));
                }
            });
        yield return new HostileScenario("off-screen-position", "a window at (-32000, -32000)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "hidden", x: -32000, y: -32000));
                XRect bounds = context.Fixture.Screen.WaitForWindow(context.HostTitle("hidden")).Bounds;
                Assert.True(bounds.X >= 0 && bounds.Y >= 0, $"the window was left off the screen at {bounds}"); // brought onto the screen
            });
        yield return new HostileScenario("upscale-largest-window", "in an upscale = 2 qube, a window of the largest size (16384 x 16384) at the far corner of the coordinate range, moved to the other", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "doubled", x: -Protocol.Limits.MaxCoordinate, y: Protocol.Limits.MaxCoordinate, width: Protocol.Limits.MaxWindowWidth, height: Protocol.Limits.MaxWindowHeight));
                attacker.Send(Wire.Configure(W, Protocol.Limits.MaxCoordinate, -Protocol.Limits.MaxCoordinate, Protocol.Limits.MaxWindowWidth, Protocol.Limits.MaxWindowHeight));
                HostScreen screen = context.Fixture.Screen;
                // Doubled: 32768 pixels and the frame each way, at twice the coordinate range. Kept on the screen.
                WaitUntil(() => screen.WaitForWindow(context.HostTitle("doubled")).Bounds is { } b && b.X >= 0 && b.Y >= 0 && b.X + b.Width <= 1280 && b.Y + b.Height <= 800, "the doubled window kept on the screen");
            },
            "upscale = 2\n");
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

    private static void OnHost(HostileContext context, string tool, params string[] arguments) =>
        Assert.Equal(0, ToolProcess.Run(context.Fixture.Host.Display, tool, arguments).ExitCode);

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
