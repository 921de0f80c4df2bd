using GuiVirt.Protocol;
using GuiVirt.X11;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// WINDOW_ICON: sizes that lie about the body, overflow or exceed the bound, and a flood of icons in
/// another qube's colour, which reach the host only as shades of the attacker's own label.
/// </summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> Icons()
    {
        yield return HostileScenario.Violation("icon-length-lie", "WINDOW_ICON announcing 128 x 128 with 2 pixels of body", WindowIconSizeInvalid,
            AfterWindow(Wire.Fields(MessageType.WindowIcon, W, 128, 128, 0xFF00_FF00, 0xFF00_FF00)));
        yield return HostileScenario.Violation("icon-overflows-32-bits", "WINDOW_ICON of 65536 x 65536 (width x height x 4 wraps to 0) with no pixels", WindowIconSizeInvalid,
            AfterWindow(Wire.Fields(MessageType.WindowIcon, W, 65536, 65536)));
        yield return HostileScenario.Violation("icon-too-large", "WINDOW_ICON of 129 x 1 with all its pixels (one column over the limit)", WindowIconSizeInvalid,
            AfterWindow(Icon(129, 1, 0xFF73_D216)));
        yield return HostileScenario.Violation("icon-body-too-large", "WINDOW_ICON header claiming 65545 body bytes, one over 8 + 128 x 128 x 4", BodyTooLarge,
            AfterWindow(Wire.Raw((uint)MessageType.WindowIcon, W, Limits.MaxWindowIconBodyBytes + 1)));
        yield return new HostileScenario("icon-spoof-flood", "2,000 WINDOW_ICON of 128 x 128 in another qube's label colour (green), as fast as the socket takes them", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "target"));
                byte[] green = Icon(128, 128, 0xFF73_D216);
                await Attacker.OnOwnThread(() =>
                {
                    for (int i = 0; i < 2000 && !attacker.CutOff; i++)
                    {
                        attacker.Send(green);
                    }
                });

                // The host icon is the attacker's red label at the icon's lightness: red above equal green and blue.
                (XWindow host, _) = context.Fixture.Screen.WaitForWindow(context.HostTitle("target"));
                DateTime deadline = DateTime.UtcNow.AddSeconds(20);
                IReadOnlyList<long> icon;
                while ((icon = context.Fixture.Screen.Longs(host, "_NET_WM_ICON")).Count != 2 + (128 * 128))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the icon never reached the host window");
                    await Task.Delay(50);
                }

                foreach (uint pixel in icon.Skip(2).Select(item => (uint)item))
                {
                    (uint r, uint g, uint b) = ((pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF);
                    Assert.True(g == b && r > g, $"a host icon pixel 0x{pixel:x8} is not a shade of red");
                }
            });
    }

    /// <summary>WINDOW_ICON for <see cref="W"/>: <paramref name="width"/> x <paramref name="height"/> pixels of <paramref name="argb"/>, the body exactly as long as the sizes say.</summary>
    private static byte[] Icon(uint width, uint height, uint argb) =>
        Wire.Fields(MessageType.WindowIcon, W, [width, height, .. Enumerable.Repeat(argb, (int)(width * height))]);
}
