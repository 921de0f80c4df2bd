namespace GuiVirt.Daemon.Tests.WindowManager;

/// <summary>The window manager cases under openbox (frame extents 1, 1, 20, 5; only a synthetic ConfigureNotify for a move).</summary>
public sealed class OpenboxTests() : WindowManagerTests("openbox")
{
    protected override bool PlacesDialogsOverTheirParent => true;
}
