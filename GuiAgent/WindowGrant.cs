using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.GuiAgent;

/// <summary>
/// A window's pixel buffer: a sealed memfd grant, attached to the qube's X server as an MIT-SHM
/// segment with a pixmap over it, so the server copies damaged areas straight into the memory
/// the daemon maps. Rows are width x 4 bytes, the server's own layout for such a pixmap.
/// </summary>
internal sealed class WindowGrant(IAgentGrant grant, ShmSegment segment, XPixmap pixmap, int width, int height, int depth)
{
    public IAgentGrant Grant { get; } = grant;
    public XPixmap Pixmap { get; } = pixmap;
    public int Width { get; } = width;
    public int Height { get; } = height;
    public int Depth { get; } = depth;
    public int Stride => Width * 4;

    public static WindowGrant Allocate(XDisplay display, IGrantAllocator allocator, int width, int height, int depth)
    {
        IAgentGrant grant = allocator.Allocate((long)width * 4 * height);
        try
        {
            ShmSegment segment = display.AttachShm(grant.ShareHandle, readOnly: false);
            XPixmap pixmap = display.CreateShmPixmap(width, height, depth, segment);
            return new WindowGrant(grant, segment, pixmap, width, height, depth);
        }
        catch
        {
            grant.Dispose();
            throw;
        }
    }

    /// <summary>Releases the server's pixmap and segment, then our mapping and descriptor.</summary>
    public void Release(XDisplay display)
    {
        if (!display.IsConnectionLost)
        {
            display.FreePixmap(Pixmap);
            try
            {
                display.DetachShm(segment);
            }
            catch (XException e)
            {
                Log.Warning($"detaching a grant: {e.Message}");
            }
        }

        Grant.Dispose();
    }
}
