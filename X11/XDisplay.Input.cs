using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>Synthetic input through XTEST: the server treats it as real device input.</summary>
public sealed partial class XDisplay
{
    /// <summary>Presses or releases a key.</summary>
    public void FakeKey(uint keycode, bool press) => Test.XTestFakeKeyEvent(Raw, keycode, press ? 1 : 0, 0);

    /// <summary>Presses or releases a pointer button.</summary>
    public void FakeButton(uint button, bool press) => Test.XTestFakeButtonEvent(Raw, button, press ? 1 : 0, 0);

    /// <summary>The keycode of a key named as X names keysyms ("c", "v", "F5"), or 0 when this keyboard has none.</summary>
    public uint KeycodeOf(string keysymName)
    {
        nuint keysym = Xlib.XStringToKeysym(keysymName);
        return keysym == 0 ? 0u : Xlib.XKeysymToKeycode(Raw, keysym);
    }

    /// <summary>Moves the pointer to a position on the screen.</summary>
    public void FakeMotion(int x, int y) => Test.XTestFakeMotionEvent(Raw, Screen, x, y, 0);
}
