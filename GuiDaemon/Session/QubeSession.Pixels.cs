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
        long previous = shown.Grant?.Dump.RequiredBytes ?? 0;
        if (_grantBytes - previous + dump.RequiredBytes > _limits.MaxGrantBytes)
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
            grant = new ShownGrant(dump, memory, segment.Value, _host.CreateShmImage(segment.Value, memory.Address, dump.Width, dump.Height, dump.Stride));
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
        _grantBytes += dump.RequiredBytes;
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
        XRect inside = new XRect(hostArea.X - Frame, hostArea.Y - Top, hostArea.Width, hostArea.Height);
        if (shown.Grant is not null)
        {
            Put(shown, inside);
        }
    }

    /// <summary>
    /// Puts a rectangle of the grant, given in the qube window's coordinates, inside the frame.
    /// Security: clipped to the grant and to the host window's interior, so a qube can never
    /// draw on its frame or outside its window.
    /// </summary>
    private void Put(HostWindow shown, XRect untrustedArea)
    {
        ShownGrant grant = shown.Grant!;
        int interiorWidth = shown.HostBounds.Width - (2 * Frame), interiorHeight = shown.HostBounds.Height - Frame - Top;
        XRect area = untrustedArea.ClipTo(Math.Min(grant.Dump.Width, interiorWidth), Math.Min(grant.Dump.Height, interiorHeight));
        if (!area.IsEmpty)
        {
            Charge(MessageCosts.Pixels(area.Width, area.Height)); // the pixels really put, after clipping
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
            shown.Strip ??= new Notices.TitleStrip(_host);
            shown.Strip.Put(shown.Host, width, color, $"[{Qube.Name}] {shown.Title}");
        }
    }
}
