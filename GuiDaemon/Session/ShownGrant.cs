using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// A verified grant, mapped read-only here and attached read-only to the host X server, with the
/// image the server puts from. Released in reverse order.
/// </summary>
internal sealed class ShownGrant(WindowDump dump, IMappedGrant memory, ShmSegment segment, IHostImage image)
{
    public WindowDump Dump { get; } = dump;
    public IMappedGrant Memory { get; } = memory;
    public IHostImage Image { get; } = image;

    public void Release(IHostDisplay host)
    {
        Image.Dispose();
        if (!host.IsConnectionLost)
        {
            try
            {
                host.DetachShm(segment);
            }
            catch (XException e)
            {
                Log.Warning($"detaching a grant: {e.Message}");
            }
        }

        Memory.Dispose();
    }
}
