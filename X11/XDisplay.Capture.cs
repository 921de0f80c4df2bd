using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// The capture path: Composite keeps windows off screen, Damage says what changed, and MIT-SHM
/// pixmaps over the caller's shared buffers let the server copy straight into them.
/// </summary>
public sealed unsafe partial class XDisplay
{
    private readonly Dictionary<int, nint> _copyGcs = [];

    /// <summary>
    /// Checks for Composite, Damage, XFixes, XTEST and MIT-SHM with shared pixmaps, and starts
    /// decoding Damage and cursor events. Throws <see cref="XException"/> naming what is missing.
    /// </summary>
    public void RequireCaptureExtensions()
    {
        if (Composite.XCompositeQueryExtension(Raw, out _, out _) == 0)
        {
            throw new XException($"the X server on {Name} has no Composite extension");
        }

        if (Damage.XDamageQueryExtension(Raw, out _damageEventBase, out _) == 0)
        {
            throw new XException($"the X server on {Name} has no DAMAGE extension");
        }

        if (Fixes.XFixesQueryExtension(Raw, out _fixesEventBase, out _) == 0 || Fixes.XFixesQueryVersion(Raw, out _, out _) == 0)
        {
            throw new XException($"the X server on {Name} has no XFIXES extension");
        }

        if (Test.XTestQueryExtension(Raw, out _, out _, out _, out _) == 0)
        {
            throw new XException($"the X server on {Name} has no XTEST extension");
        }

        int major, minor, sharedPixmaps;
        if (Shm.XShmQueryVersion(Raw, &major, &minor, &sharedPixmaps) == 0 || (major, minor).CompareTo((1, 2)) < 0 || sharedPixmaps == 0)
        {
            throw new XException($"the X server on {Name} lacks MIT-SHM 1.2 with shared pixmaps");
        }
    }

    /// <summary>Asks for an event whenever the pointer's cursor changes (XFixes CursorNotify).</summary>
    public void SelectCursorChanges() => Fixes.XFixesSelectCursorInput(Raw, Root.Id, Fixes.DisplayCursorNotifyMask);

    /// <summary>
    /// Redirects every child of the root off screen, for us alone to read (only one client may;
    /// false when another compositor already does).
    /// </summary>
    public bool TryRedirectSubwindows()
    {
        using ErrorTrap trap = TrapErrors();
        Composite.XCompositeRedirectSubwindows(Raw, Root.Id, Composite.RedirectManual);
        return !trap.Failed();
    }

    /// <summary>
    /// Starts damage tracking of a window at the raw-rectangles level: every drawing operation is
    /// reported with its rectangle, so a batch of events says what to copy without a round trip.
    /// </summary>
    public nuint CreateDamage(XWindow window) => Damage.XDamageCreate(Raw, window.Id, Damage.ReportRawRectangles);

    /// <summary>
    /// Attaches a shared buffer (a memfd) to the X server. The server gets its own duplicate of
    /// the descriptor (xcb closes what it sends); the caller keeps theirs.
    /// </summary>
    public ShmSegment AttachShm(SafeHandle fd, bool readOnly)
    {
        nint connection = Shm.XGetXCBConnection(Raw);
        uint segment = Shm.xcb_generate_id(connection);
        bool added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            int duplicate = Shm.fcntl((int)fd.DangerousGetHandle(), Shm.DuplicateCloseOnExec, 0);
            if (duplicate < 0)
            {
                throw new XException($"cannot duplicate the buffer's descriptor: errno {Marshal.GetLastPInvokeError()}");
            }

            CheckXcb(connection, Shm.xcb_shm_attach_fd_checked(connection, segment, duplicate, readOnly ? (byte)1 : (byte)0), "ShmAttachFd");
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }

        return new ShmSegment(segment);
    }

    /// <summary>Detaches a segment (the server drops its mapping).</summary>
    public void DetachShm(ShmSegment segment)
    {
        nint connection = Shm.XGetXCBConnection(Raw);
        CheckXcb(connection, Shm.xcb_shm_detach_checked(connection, segment.Id), "ShmDetach");
    }

    /// <summary>A pixmap whose pixels live in <paramref name="segment"/> (rows of width x 4 bytes).</summary>
    public XPixmap CreateShmPixmap(int width, int height, int depth, ShmSegment segment)
    {
        nint connection = Shm.XGetXCBConnection(Raw);
        uint pixmap = Shm.xcb_generate_id(connection);
        CheckXcb(connection, Shm.xcb_shm_create_pixmap_checked(connection, pixmap, (uint)Root.Id, (ushort)width, (ushort)height, (byte)depth, segment.Id, 0), "ShmCreatePixmap");
        return new XPixmap(pixmap);
    }

    /// <summary>Frees a pixmap.</summary>
    public void FreePixmap(XPixmap pixmap) => Xlib.XFreePixmap(Raw, pixmap.Id);

    /// <summary>
    /// Queues a server-side copy of <paramref name="area"/> of a window (its redirected contents)
    /// into the same place of <paramref name="target"/>, which must have the window's depth.
    /// </summary>
    public void CopyArea(XWindow source, XPixmap target, int depth, XRect area)
    {
        if (!_copyGcs.TryGetValue(depth, out nint gc))
        {
            gc = Xlib.XCreateGC(Raw, target.Id, 0, 0);
            _ = Xlib.XSetSubwindowMode(Raw, gc, 1 /* IncludeInferiors: child windows are part of the picture */);
            _ = Xlib.XSetGraphicsExposures(Raw, gc, 0);
            _copyGcs[depth] = gc;
        }

        _ = Xlib.XCopyArea(Raw, source.Id, target.Id, gc, area.X, area.Y, (uint)area.Width, (uint)area.Height, area.X, area.Y);
    }

    /// <summary>Reads pixels with XGetImage into rows of width x 4 bytes (BGRX); null if the window is gone.</summary>
    public byte[]? TryGetImage(XWindow window, XRect area)
    {
        using ErrorTrap trap = TrapErrors();
        XImage* image = Xlib.XGetImage(Raw, window.Id, area.X, area.Y, (uint)area.Width, (uint)area.Height, nuint.MaxValue, 2 /* ZPixmap */);
        if (image == null || trap.ErrorCode != 0)
        {
            return null;
        }

        var pixels = new byte[area.Width * area.Height * 4];
        for (int row = 0; row < area.Height; row++)
        {
            new ReadOnlySpan<byte>(image->Data + ((long)row * image->BytesPerLine), area.Width * 4).CopyTo(pixels.AsSpan(row * area.Width * 4));
        }

        // XDestroyImage is a macro over the image's own function table.
        ((delegate* unmanaged<XImage*, int>)image->DestroyImage)(image);
        return pixels;
    }

    private static void CheckXcb(nint connection, uint cookie, string request)
    {
        XcbGenericError* error = Shm.xcb_request_check(connection, cookie);
        if (error != null)
        {
            byte code = error->ErrorCode;
            Shm.free(error);
            throw new XException($"{request} failed with X error {code}");
        }
    }
}
