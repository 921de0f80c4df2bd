using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.TestSupport;
using GuiVirt.X11;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>
/// Translucent (ARGB) windows, docs/security.md section 23: a window that tries to be invisible, a
/// window that changes its mind about its visual, and an opaque window with alpha 0 in its grant.
/// </summary>
public static partial class HostileScenarios
{
    private const uint ArgbWidth = 100, ArgbHeight = 80;

    private static IEnumerable<HostileScenario> Argb()
    {
        yield return HostileScenario.Violation("argb-create-twice", "CREATE, then CREATE_ARGB for the same window (a window that changes its visual)", WindowAlreadyExists,
            Sends(Wire.Create(W, 700, 400, 100, 80), ArgbCreate(W)));
        yield return new HostileScenario("argb-invisible", "a CREATE_ARGB window whose grant is all alpha 0, first with colours above their alpha (not premultiplied: 0x00FFFFFF), then all zero", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send([.. ArgbCreate(W), .. Wire.Name(W, "ghost"), .. Wire.Map(W)]);
                HostScreen screen = context.Fixture.Screen;
                (XWindow host, XRect bounds) = screen.WaitForWindow(context.HostTitle("ghost"));
                Assert.Equal(32, screen.Geometry(host).Depth);
                uint label = (uint)screen.Longs(host, "_QUBES_LABEL_COLOR")[0];
                foreach (uint pixel in (uint[])[0x00FF_FFFF, 0])
                {
                    using IAgentGrant grant = FilledGrant(pixel);
                    attacker.SendWithFds(Wire.Dump(W, ArgbWidth, ArgbHeight, ArgbWidth * 4), grant.ShareHandle);
                    attacker.Send(Wire.Fields(MessageType.ShmImage, W, 0, 0, ArgbWidth, ArgbHeight));
                    await attacker.PingAsync();
                    // Every content pixel: at least the floor (64 = 0.25, the default) and nothing of the qube's below it; the frame opaque.
                    WaitUntil(() => ReadsAsFloored(screen, host, bounds, label), $"window pixels of 0x{pixel:x8} shown at the floor, framed");
                }
            });
        yield return new HostileScenario("opaque-alpha-zero", "a CREATE (opaque) window whose grant has alpha 0 in every pixel (0x00123456)", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "solid", width: ArgbWidth, height: ArgbHeight));
                HostScreen screen = context.Fixture.Screen;
                (XWindow host, XRect bounds) = screen.WaitForWindow(context.HostTitle("solid"));
                Assert.Equal(24, screen.Geometry(host).Depth); // no alpha on the host: a compositing manager shows it opaque
                using IAgentGrant grant = FilledGrant(0x0012_3456);
                attacker.SendWithFds(Wire.Dump(W, ArgbWidth, ArgbHeight, ArgbWidth * 4), grant.ShareHandle);
                attacker.Send(Wire.Fields(MessageType.ShmImage, W, 0, 0, ArgbWidth, ArgbHeight));
                WaitUntil(() => screen.Screenshot(new XRect(bounds.X + 2, bounds.Y + 2, (int)ArgbWidth, (int)ArgbHeight)).All(p => p == 0x12_3456), "the opaque colour on the screen");
            });
    }

    /// <summary>CREATE_ARGB of <paramref name="window"/> at 700,400, 100 x 80.</summary>
    private static byte[] ArgbCreate(uint window) => Wire.Fields(MessageType.CreateArgb, window, 700, 400, ArgbWidth, ArgbHeight, 0, 0);

    private static IAgentGrant FilledGrant(uint pixel)
    {
        IAgentGrant grant = new MemfdGrantAllocator().Allocate(ArgbWidth * ArgbHeight * 4);
        int[] pixels = new int[ArgbWidth * ArgbHeight];
        Array.Fill(pixels, unchecked((int)pixel));
        Marshal.Copy(pixels, 0, grant.Address, pixels.Length);
        return grant;
    }

    /// <summary>The host window read back with its alpha: content at the floor's alpha (64) or more, frame opaque in the label.</summary>
    private static bool ReadsAsFloored(HostScreen screen, XWindow host, XRect bounds, uint label)
    {
        byte[]? bytes = screen.Display.TryGetImage(host, new XRect(0, 0, bounds.Width, bounds.Height));
        if (bytes is null)
        {
            return false;
        }

        for (int y = 0; y < bounds.Height; y++)
        {
            for (int x = 0; x < bounds.Width; x++)
            {
                uint pixel = BitConverter.ToUInt32(bytes, ((y * bounds.Width) + x) * 4);
                bool frame = x < 2 || y < 2 || x >= bounds.Width - 2 || y >= bounds.Height - 2;
                if (frame ? pixel != (0xFF00_0000 | label) : (pixel >> 24) < 64)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
