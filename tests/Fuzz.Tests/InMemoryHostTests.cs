using GuiVirt.DaemonFuzz;
using GuiVirt.GuiDaemon.Config;
using GuiVirt.X11;

namespace GuiVirt.Fuzz.Tests;

/// <summary>The harness's host catches what it is there to catch (or a fuzz run that finds nothing would prove nothing).</summary>
public class InMemoryHostTests
{
    private const int Frame = 2;
    private static readonly QubeConfig Qube = new("work", Label.TryParse("orange")!);
    private readonly InMemoryHost _host = new(Qube, Frame, new InMemoryGrants(refuseAll: false), refuseGrants: false);

    [Fact]
    public void AWindowUsedAfterItWasDestroyedIsCaught()
    {
        XWindow window = _host.CreateTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure);
        _host.Destroy(window);
        Assert.Throws<InvariantException>(() => _host.Map(window));
        Assert.Throws<InvariantException>(() => _host.Destroy(window));
    }

    [Fact]
    public void DrawingOutsideTheWindowOrInAnotherColourIsCaught()
    {
        XWindow window = _host.CreateTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure);
        _host.FillRectangle(window, Qube.Label.Color, new XRect(0, 0, 100, Frame));
        Assert.Throws<InvariantException>(() => _host.FillRectangle(window, Qube.Label.Color, new XRect(0, 99, 100, Frame)));
        Assert.Throws<InvariantException>(() => _host.FillRectangle(window, 0xCC0000, new XRect(0, 0, 100, Frame)));
    }

    [Fact]
    public void ABackdropBelowTheFloorOrNotTheLabelIsCaught()
    {
        uint label = Qube.Label.Color;
        uint Backdrop(uint alpha, uint rgb) => (alpha << 24) | (((((rgb >> 16) & 0xFF) * alpha) + 127) / 255 << 16) | (((((rgb >> 8) & 0xFF) * alpha) + 127) / 255 << 8) | ((((rgb & 0xFF) * alpha) + 127) / 255);
        _host.CreateArgbTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure, Backdrop(64, label));
        Assert.Throws<InvariantException>(() => _host.CreateArgbTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure, Backdrop(25, label)));
        Assert.Throws<InvariantException>(() => _host.CreateArgbTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure, Backdrop(64, 0x73D216)));
        Assert.Throws<InvariantException>(() => _host.CreateArgbTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure, 0x40FF_FFFF)); // not premultiplied
    }

    [Fact]
    public void AnUnmanagedWindowOverMostOfTheScreenIsCaught()
    {
        XWindow window = _host.CreateTopLevel(new XRect(0, 0, 1900, 1000), overrideRedirect: false, EventMask.Exposure);
        _host.SetOverrideRedirect(window, true);
        Assert.Throws<InvariantException>(() => _host.Map(window));
    }

    [Fact]
    public void ATitleWithoutTheQubesPrefixIsCaught()
    {
        XWindow window = _host.CreateTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure);
        _host.SetBytes(window, _host.Atom("_NET_WM_NAME"), _host.Atom("UTF8_STRING"), "[work] xterm"u8);
        Assert.Throws<InvariantException>(() => _host.SetBytes(window, _host.Atom("_NET_WM_NAME"), _host.Atom("UTF8_STRING"), "[dom0] xterm"u8));
    }

    [Fact]
    public void AnIconInAColourOtherThanTheLabelsOrTooLargeIsCaught()
    {
        XWindow window = _host.CreateTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure);
        XAtom icon = _host.Atom("_NET_WM_ICON");
        _host.SetLongs(window, icon, XAtom.Cardinal, [1, 2, unchecked((nint)0xFF00_0000u | (nint)Qube.Label.Color), unchecked((nint)0x80FF_FFFFu)]);
        Assert.Throws<InvariantException>(() => _host.SetLongs(window, icon, XAtom.Cardinal, [1, 1, unchecked((nint)0xFF3465A4u)])); // blue, not orange
        Assert.Throws<InvariantException>(() => _host.SetLongs(window, icon, XAtom.Cardinal, [129, 1, .. new nint[129]]));
        Assert.Throws<InvariantException>(() => _host.SetLongs(window, icon, XAtom.Cardinal, [2, 2, 0, 0, 0]));
    }

    [Fact]
    public void AWindowLeftAfterTheQubeIsGoneIsCaught()
    {
        _host.CreateTopLevel(new XRect(0, 0, 100, 100), overrideRedirect: false, EventMask.Exposure);
        Assert.Throws<InvariantException>(_host.CheckAllReleased);
    }
}
