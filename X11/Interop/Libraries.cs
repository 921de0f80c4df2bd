namespace GuiVirt.X11.Interop;

/// <summary>The shared libraries, by soname (the runtime packages, not the -dev ones).</summary>
internal static class Libraries
{
    public const string X11 = "libX11.so.6";
    public const string X11Xcb = "libX11-xcb.so.1";
    public const string Xcb = "libxcb.so.1";
    public const string XcbShm = "libxcb-shm.so.0";
    public const string Xext = "libXext.so.6";
    public const string Xcomposite = "libXcomposite.so.1";
    public const string Xdamage = "libXdamage.so.1";
    public const string Xfixes = "libXfixes.so.3";
    public const string Xtst = "libXtst.so.6";
    public const string Xrandr = "libXrandr.so.2";
    public const string Xinerama = "libXinerama.so.1";
    public const string Xrender = "libXrender.so.1";
    public const string LibC = "libc.so.6";
}
