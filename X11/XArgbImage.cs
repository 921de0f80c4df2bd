namespace GuiVirt.X11;

/// <summary>
/// An ARGB image over attached memory (a grant or the daemon's own buffer) and the 32-bit pixmap
/// and picture in the server where it is composited (<see cref="XDisplay.CompositeOver"/>).
/// Owns the image, pixmap and picture, not the memory or the segment.
/// </summary>
public sealed class XArgbImage : IDisposable
{
    private readonly XDisplay _display;
    private bool _disposed;

    internal XArgbImage(XDisplay display, XShmImage shm, nuint pixmap, nuint picture)
    {
        _display = display;
        Shm = shm;
        Pixmap = pixmap;
        Picture = picture;
    }

    internal XShmImage Shm { get; }

    internal nuint Pixmap { get; }

    internal nuint Picture { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _display.FreeArgbImage(this);
            Shm.Dispose();
        }
    }
}
