namespace GuiVirt.Daemon.Tests.WindowManager;

/// <summary>The window manager cases under fluxbox (frame extents 1, 1, 20, 4; a real and a synthetic ConfigureNotify for every change).</summary>
public sealed class FluxboxTests() : WindowManagerTests("fluxbox")
{
    protected override bool PlacesDialogsOverTheirParent => false;
}
