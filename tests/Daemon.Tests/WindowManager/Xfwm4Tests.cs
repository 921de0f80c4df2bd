namespace GuiVirt.Daemon.Tests.WindowManager;

/// <summary>The window manager cases under xfwm4, Xfce's manager (frame extents 5, 5, 29, 5 by default).</summary>
public sealed class Xfwm4Tests() : WindowManagerTests("xfwm4")
{
    protected override bool PlacesDialogsOverTheirParent => true;
}
