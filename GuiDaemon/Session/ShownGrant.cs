using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// A verified grant, mapped read-only here and attached read-only to the host X server, with the
/// image the server puts from, and for an upscaled qube the scaler the server scales it through.
/// Released in reverse order.
/// </summary>
internal sealed class ShownGrant(WindowDump dump, IMappedGrant memory, ShmSegment segment, IHostImage image, IHostScaler? scaler = null)
{
    public WindowDump Dump { get; } = dump;
    public IMappedGrant Memory { get; } = memory;
    public IHostImage Image { get; } = image;

    /// <summary>With <c>upscale</c> above 1: the host pixmap and pictures the grant is shown through; null otherwise.</summary>
    public IHostScaler? Scaler { get; } = scaler;

    public void Release(IHostDisplay host)
    {
        try
        {
            Scaler?.Dispose();
        }
        catch (XException e)
        {
            Log.Warning($"freeing a scaled grant: {e.Message}");
        }

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
