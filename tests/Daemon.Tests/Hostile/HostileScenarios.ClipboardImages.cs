using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.TestSupport;
using GuiVirt.X11;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// CLIPBOARD_IMAGE: sizes beyond 4096, grants that lie about the image (too small, too big,
/// unsealed, missing), and a flood of images nobody asked for. The grant is checked only when the
/// daemon asked (the user pressed the copy hotkey in the qube's window); unasked, it is closed unmapped.
/// </summary>
public static partial class HostileScenarios
{
    private static IEnumerable<HostileScenario> ClipboardImages()
    {
        yield return HostileScenario.Violation("clipboard-image-huge", "CLIPBOARD_IMAGE of 65536 x 65536 (width x height x 4 overflows 32 bits) with a sealed page", ClipboardImageSizeOutOfRange,
            SendsImage(65536, 65536, SealedPage));
        yield return HostileScenario.Violation("clipboard-image-4097", "CLIPBOARD_IMAGE 4097 x 1, one pixel wider than the limit", ClipboardImageSizeOutOfRange,
            SendsImage(4097, 1, () => Memfd(4097 * 4, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW)));
        yield return HostileScenario.Violation("clipboard-image-missing-fd", "CLIPBOARD_IMAGE without a descriptor", MissingFd,
            Sends(Wire.Fields(MessageType.ClipboardImage, 0, 10, 10)));
        yield return HostileScenario.Violation("clipboard-image-length-lie", "asked for its clipboard: a 100 x 100 image in a sealed memfd of 100 x 100 x 4 + 4 bytes", GrantTooLarge,
            AnswersCopyWith(100, 100, () => Memfd((100 * 100 * 4) + 4, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW)));
        yield return HostileScenario.Violation("clipboard-image-too-small", "asked for its clipboard: a 640 x 480 image in a sealed memfd of 4096 bytes", GrantTooSmall,
            AnswersCopyWith(640, 480, SealedPage));
        yield return HostileScenario.Violation("clipboard-image-unsealed", "asked for its clipboard: a 10 x 10 image in a memfd without seals (it could shrink under the mapping)", GrantNotSealed,
            AnswersCopyWith(10, 10, () => Memfd(400, seals: 0)));
        yield return new HostileScenario("clipboard-image-flood", "1,000 unrequested CLIPBOARD_IMAGE of 4096 x 4096, each with a sealed (sparse) 64 MiB memfd", Verdict.Contained, ": unrequested clipboard image",
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                using SafeFileHandle pixels = Memfd(4096L * 4096 * 4, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW);
                byte[] image = Wire.Fields(MessageType.ClipboardImage, 0, 4096, 4096);
                await Attacker.OnOwnThread(() =>
                {
                    for (int i = 0; i < 1000 && !attacker.CutOff; i++)
                    {
                        attacker.SendWithFds(image, pixels);
                    }
                });
                DateTime deadline = DateTime.UtcNow.AddSeconds(30);
                while (!context.Daemon.Log.Contains($"qube {context.Qube}: unrequested clipboard image", StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the daemon never reported the unrequested images");
                    attacker.SendWithFds(image, pixels); // reports come at most once a second, for all qubes together
                    await Task.Delay(200);
                }
            });
    }

    /// <summary>Connects and sends CLIPBOARD_IMAGE <paramref name="width"/> x <paramref name="height"/> with the descriptor <paramref name="make"/> gives.</summary>
    private static Func<HostileContext, Task> SendsImage(uint width, uint height, Func<SafeHandle> make) => async context =>
    {
        Attacker attacker = await context.ConnectAsync();
        using SafeHandle fd = make();
        attacker.SendWithFds(Wire.Fields(MessageType.ClipboardImage, 0, width, height), fd);
    };

    /// <summary>
    /// Shows a window; the user clicks it and presses the copy hotkey; once the daemon's
    /// CLIPBOARD_REQ is in, answers with CLIPBOARD_IMAGE <paramref name="width"/> x
    /// <paramref name="height"/> and the descriptor <paramref name="make"/> gives.
    /// </summary>
    private static Func<HostileContext, Task> AnswersCopyWith(uint width, uint height, Func<SafeHandle> make) => async context =>
    {
        Attacker attacker = await context.ConnectAsync();
        attacker.Send(Wire.Shown(W, "source", 700, 400, 100, 80));
        HostScreen screen = context.Fixture.Screen;
        XRect shown = screen.WaitForWindow(context.HostTitle("source")).Bounds;
        screen.ClickToFocus(shown.X + 50, shown.Y + 40);
        OnHost(context, "xdotool", "key", "ctrl+shift+c");
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (attacker.ClipboardRequests == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the copy hotkey in its window never made the daemon ask it for its clipboard");
            await Task.Delay(20);
        }

        using SafeHandle fd = make();
        attacker.SendWithFds(Wire.Fields(MessageType.ClipboardImage, 0, width, height), fd);
    };
}
