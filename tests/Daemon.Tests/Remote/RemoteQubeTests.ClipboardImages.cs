using GuiVirt.GuiDaemon.Sandbox;
using GuiVirt.TestSupport;
using GuiVirt.X11;

namespace GuiVirt.Daemon.Tests.Remote;

/// <summary>
/// Clipboard images across the link (docs/remote.md, CLIPBOARD_IMAGE records): a PNG copied with
/// xclip in the far qube is pasted pixel-exact in a local one by the hotkeys, and back.
/// </summary>
public sealed partial class RemoteQubeTests
{
    [Fact]
    public void AnImageCopiedByHotkeyCrossesTheLinkPixelExactBothWays()
    {
        RunRemote("--geometry", "200x150+100+100", "--seed", "3", "--title", "typed");
        string farHome = QubePaths.Home("far", _ssh.FarDataHome);
        string nearHome = StartNear();
        using var screen = new HostScreen(_rig.Host.Display);
        (_, XRect far) = WaitForWindow(screen, "[far] typed");
        (_, XRect near) = WaitForWindow(screen, "[near] near");

        // Far to near: xclip offers the PNG in the far qube; Ctrl+Shift+C there, Ctrl+Shift+V here. Then back, another image.
        CopyImageByHotkey(screen, ClipboardTests.Pattern(64, 48), (true, "far", farHome, far), (false, "near", nearHome, near));
        CopyImageByHotkey(screen, ClipboardTests.Pattern(33, 70), (false, "near", nearHome, near), (true, "far", farHome, far));
    }

    private void CopyImageByHotkey(HostScreen screen, byte[] png, (bool Remote, string Name, string Home, XRect Window) from, (bool Remote, string Name, string Home, XRect Window) to)
    {
        File.WriteAllBytes(Path.Combine(from.Home, "copied.png"), png);
        Run(from.Remote, "xclip", "-selection", "clipboard", "-t", "image/png", "-i", "/home/user/copied.png");
        Hotkey(screen, from.Window, "ctrl+shift+c");
        WaitUntil(() => GuivirtCli.Run(_rig.Sockets, "clipboard").Output.Contains($"from {from.Name}", StringComparison.Ordinal), $"the image copy from the {from.Name} qube");
        Hotkey(screen, to.Window, "ctrl+shift+v");
        byte[]? pasted = null;
        WaitUntil(() => (pasted = ClipboardBytes(to.Remote, to.Home, "image/png")) is [_, (byte)'P', ..], $"the {from.Name} qube's image in the {to.Name} qube");
        ClipboardTests.AssertSamePixels(png, pasted!);
    }
}
