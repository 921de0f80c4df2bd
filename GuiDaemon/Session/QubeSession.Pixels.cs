using GuiVirt.GuiDaemon.Host;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// Pixels: a grant is verified (seals, size), mapped read-only, attached read-only to the host X
/// server, and rectangles of it are put inside the frame. The daemon itself never reads a pixel.
/// </summary>
internal sealed partial class QubeSession
{
    public void OnShmImage(WindowId window, ShmImage image)
    {
        HostWindow shown = Resolve(window);
        if (shown.Grant is null)
        {
            throw new ProtocolViolationException(ProtocolViolation.ImageWithoutGrant);
        }

        if (shown.Docked)
        {
            RepaintIcon(shown); // a tray icon is tinted whole (at most 130 x 130)
            return;
        }

        Put(shown, new XRect(image.X, image.Y, image.Width, image.Height));
    }

    private void ShowGrant(WindowId window, WindowDump dump, SafeFileHandle untrustedGrantFd)
    {
        HostWindow shown;
        try
        {
            shown = Resolve(window);
        }
        catch
        {
            untrustedGrantFd.Dispose();
            throw;
        }

        // Security: mapped grants cost the daemon and the host X server address space; bounded per qube (configured).
        long previous = shown.Grant is { } old ? GrantCost(old.Dump) : 0;
        if (_grantBytes - previous + GrantCost(dump) > _limits.MaxGrantBytes)
        {
            untrustedGrantFd.Dispose();
            throw new ProtocolViolationException(ProtocolViolation.ResourceLimitExceeded);
        }

        // The grant checks (memfd, SHRINK and GROW seals, size >= stride x height, read-only
        // reopen, PROT_READ mapping) are the mapper's; it takes and closes the qube's descriptor.
        ProtocolViolation refused = _mapper.TryMap(untrustedGrantFd, dump.RequiredBytes, out IMappedGrant? memory);
        if (refused != ProtocolViolation.None)
        {
            throw new ProtocolViolationException(refused);
        }

        ShownGrant grant;
        ShmSegment? segment = null;
        try
        {
            segment = _host.AttachShm(memory!.ReadOnlyHandle, readOnly: true);
            // A translucent window's grant is shown OVER the floor by the host server; any other's fourth byte is ignored.
            IHostImage image = shown.Argb
                ? _host.CreateArgbImage(segment.Value, memory.Address, dump.Width, dump.Height, dump.Stride, Backdrop)
                : _host.CreateShmImage(segment.Value, memory.Address, dump.Width, dump.Height, dump.Stride);
            IHostScaler? scaler = null;
            try
            {
                // upscale: the host X server scales the grant through a pixmap of its own size (XRender).
                // Never a translucent window's (TranslucencyAvailable: an upscaled qube's are opaque).
                scaler = Scale > 1 ? _host.CreateScaler(shown.Host, dump.Width, dump.Height, Scale) : null;
            }
            catch (XException)
            {
                image.Dispose();
                throw;
            }

            grant = new ShownGrant(dump, memory, segment.Value, image, scaler);
        }
        catch (XException e)
        {
            if (segment is { } attached)
            {
                try
                {
                    _host.DetachShm(attached); // or the X server keeps the qube's memory mapped
                }
                catch (XException)
                {
                }
            }

            memory!.Dispose();
            Log.Warning($"qube {Qube.Name}: the host X server refused a grant: {e.Message}");
            return; // the host's trouble, not the qube's fault: keep showing the old pixels
        }

        ReleaseGrant(shown);
        shown.Grant = grant;
        _grantBytes += GrantCost(dump);
        Charge(MessageCosts.Grant);
        Channel.SendEmpty(MessageType.WindowDumpAck, window); // the previous grant is no longer used
        Repaint(shown, new XRect(0, 0, shown.HostBounds.Width, shown.HostBounds.Height));
    }

    /// <summary>Redraws part of a host window (Expose): the frame, then the qube's pixels inside it.</summary>
    private void Repaint(HostWindow shown, XRect hostArea)
    {
        if (shown.Docked)
        {
            RepaintIcon(shown);
            return;
        }

        Charge(MessageCosts.Frame);
        DrawFrame(shown);
        // In qube pixels: every qube pixel any part of whose block is exposed.
        int left = Down(hostArea.X - Frame), top = Down(hostArea.Y - Top);
        XRect inside = new XRect(left, top, Up(hostArea.X + hostArea.Width - Frame) - left, Up(hostArea.Y + hostArea.Height - Top) - top);
        if (shown.Grant is not null)
        {
            Put(shown, inside);
        }
    }

    /// <summary>
    /// Puts a rectangle of the grant, given in the qube window's coordinates, inside the frame; with
    /// upscale, each qube pixel as a Scale x Scale block, scaled by the host X server.
    /// Security: clipped to the grant and to the host window's interior in qube pixels (rounded
    /// down), so a qube can never draw on its frame or outside its window, scaled or not.
    /// </summary>
    private void Put(HostWindow shown, XRect untrustedArea)
    {
        ShownGrant grant = shown.Grant!;
        int interiorWidth = Down(shown.HostBounds.Width - (2 * Frame)), interiorHeight = Down(shown.HostBounds.Height - Frame - Top);
        XRect area = untrustedArea.ClipTo(Math.Min(grant.Dump.Width, interiorWidth), Math.Min(grant.Dump.Height, interiorHeight));
        if (area.IsEmpty)
        {
            return;
        }

        // The host pixels really written, after clipping; a translucent window's twice (the host server composites them too).
        Charge(MessageCosts.Pixels(area.Width * Scale, area.Height * Scale) * (shown.Argb ? 2 : 1));
        if (grant.Scaler is { } scaler)
        {
            _host.PutScaled(scaler, grant.Image, area, Frame + (area.X * Scale), Top + (area.Y * Scale));
        }
        else
        {
            _host.PutShmImage(shown.Host, grant.Image, area, area.X + Frame, area.Y + Top);
        }
    }

    /// <summary>The trusted frame: the label's colour on all four sides, drawn by the host only.</summary>
    private void DrawFrame(HostWindow shown)
    {
        int width = shown.HostBounds.Width, height = shown.HostBounds.Height;
        uint color = Qube.Label.Color;
        _host.FillRectangle(shown.Host, color, new XRect(0, 0, width, Frame));
        _host.FillRectangle(shown.Host, color, new XRect(0, height - Frame, width, Frame));
        _host.FillRectangle(shown.Host, color, new XRect(0, 0, Frame, height));
        _host.FillRectangle(shown.Host, color, new XRect(width - Frame, 0, Frame, height));
        if (HasStrip)
        {
            // The title strip over the top edge: the daemon's pixels only (Put keeps the qube's below it).
            shown.Strip ??= new Notices.TitleStrip(_host, shown.Argb ? Backdrop : null);
            shown.Strip.Put(shown.Host, width, color, $"[{Qube.Name}] {shown.Title}");
        }
    }

    /// <summary>The floor under a translucent window's pixels: the label colour at <c>min_opacity</c>, premultiplied (<see cref="AlphaFloor"/>).</summary>
    private uint Backdrop => AlphaFloor.Backdrop(Qube.Label.Color, _options.Config.MinOpacity);

    /// <summary>Whether the host can show a CREATE_ARGB window translucent; if not, said once per connection and shown opaque.</summary>
    private bool TranslucencyAvailable()
    {
        // An upscaled qube's windows go through the scaler's opaque pixmap: not combined with alpha.
        if (_host.SupportsTranslucency && Scale == 1)
        {
            return true;
        }

        if (!_opaqueArgbLogged)
        {
            Log.Info(Scale > 1
                ? $"qube {Qube.Name}: translucent windows of an upscaled qube are shown opaque; reported once per connection"
                : $"qube {Qube.Name}: the host cannot show translucent windows (its X server lacks RENDER or a 32-bit ARGB visual, or libXrender.so.1 is missing: Debian package libxrender1): they are shown opaque; reported once per connection");
            _opaqueArgbLogged = true;
        }

        return false;
    }
}
