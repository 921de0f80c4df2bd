namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// The EWMH _NET_WM_STATE values the daemon may ask the host window manager for on a qube's
/// behalf: a fixed list, so a qube can never ask for others (above, sticky, ...).
/// </summary>
[Flags]
internal enum HostStates
{
    None = 0,
    MaximizedVert = 1 << 0,
    MaximizedHorz = 1 << 1,
    Fullscreen = 1 << 2,
    DemandsAttention = 1 << 3,
    Modal = 1 << 4,
    SkipTaskbar = 1 << 5,
    SkipPager = 1 << 6,
    Maximized = MaximizedVert | MaximizedHorz,
}
