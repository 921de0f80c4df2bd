using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// DOCK: a qube's tray icon shown in the host's system tray (freedesktop System Tray 0.3 over
/// XEmbed), tinted to the label colour and framed by a 1-pixel label border, so the qube cannot
/// show an icon in another qube's colours or one that passes for the host's. Without a tray on
/// the host the window stays an ordinary small framed window.
/// </summary>
internal sealed partial class QubeSession
{
    /// <summary>The label border around a tray icon, in pixels.</summary>
    private const int IconBorder = 1;

    /// <summary>The largest host icon window drawn: the icon and its border (a tray may make the window bigger: the rest stays blank).</summary>
    private const int MaxIconWindowSide = Limits.MaxTrayIconSide + (2 * IconBorder);

    /// <summary>System Tray: SYSTEM_TRAY_REQUEST_DOCK, the second long of a _NET_SYSTEM_TRAY_OPCODE message.</summary>
    private const int RequestDock = 0;

    /// <summary>XEmbed: _XEMBED_INFO's flag "map me", set before the dock request so the tray shows the icon.</summary>
    private const int XEmbedMapped = 1;

    private int _docked;
    private bool _dockRepeatLogged;
    private bool _noTrayLogged;

    /// <summary>The daemon's own buffers for a tinted icon (read copy, then pixels put), reused.</summary>
    private byte[]? _iconCopy;
    private uint[]? _iconPixels;

    /// <summary>
    /// Security: a qube docks only windows it made, only once each, only small ones (sides up to
    /// <see cref="Limits.MaxTrayIconSide"/>: the daemon reads these pixels itself), only managed
    /// ones (an override-redirect window asks to be unmanaged, a tray icon is managed by the
    /// tray), and at most <see cref="Limits.MaxTrayIcons"/> at once.
    /// </summary>
    public void OnDock(WindowId window)
    {
        HostWindow shown = Resolve(window);
        if (shown.DockRequested)
        {
            // Honest agents dock once; a repeat changes nothing, so it is no violation (and costs a message).
            if (!_dockRepeatLogged)
            {
                Log.Warning($"qube {Qube.Name}: DOCK of window {window}, already docked, ignored; reported once per connection");
                _dockRepeatLogged = true;
            }

            return;
        }

        if (shown.WantsOverrideRedirect)
        {
            throw new ProtocolViolationException(ProtocolViolation.TrayIconRefused);
        }

        if (shown.QubeBounds.Width > Limits.MaxTrayIconSide || shown.QubeBounds.Height > Limits.MaxTrayIconSide)
        {
            throw new ProtocolViolationException(ProtocolViolation.TrayIconSizeInvalid);
        }

        // Security: each docked window is an icon in the host's tray; bounded per qube.
        if (_docked >= Limits.MaxTrayIcons)
        {
            throw new ProtocolViolationException(ProtocolViolation.TrayIconRefused);
        }

        Charge(MessageCosts.Restack);
        shown.DockRequested = true;
        _docked++;
        XWindow tray = HostTray();
        if (tray.IsNone)
        {
            if (!_noTrayLogged)
            {
                Log.Info($"qube {Qube.Name}: no system tray on the host ({TraySelection} has no owner): tray icons are shown as small framed windows; reported once per connection");
                _noTrayLogged = true;
            }

            return;
        }

        Dock(shown, tray);
    }

    /// <summary>
    /// A tray started or restarted on the host (ICCCM MANAGER on the root for its selection):
    /// every docked icon asks the new tray to take it.
    /// </summary>
    public void OnHostTrayChanged()
    {
        XWindow tray = HostTray();
        if (tray.IsNone)
        {
            return;
        }

        foreach (HostWindow shown in _windows.Values)
        {
            if (shown.DockRequested)
            {
                Dock(shown, tray);
            }
        }
    }

    /// <summary>The name of the host's tray selection: <c>_NET_SYSTEM_TRAY_S0</c> (the daemon drives screen 0).</summary>
    public static string TraySelection => "_NET_SYSTEM_TRAY_S0";

    private XWindow HostTray() => _host.GetSelectionOwner(_host.Atom(TraySelection));

    /// <summary>The host window becomes the icon: border plus icon in size, _XEMBED_INFO set, then the tray's dock request.</summary>
    private void Dock(HostWindow shown, XWindow tray)
    {
        if (shown.Mapped && !shown.Docked)
        {
            _host.Unmap(shown.Host); // it leaves the desktop for the tray
            ForgetFocus(shown);
        }

        shown.Docked = true;
        shown.HostBounds = new XRect(0, 0, shown.QubeBounds.Width + (2 * IconBorder), shown.QubeBounds.Height + (2 * IconBorder));
        _host.MoveResize(shown.Host, shown.HostBounds);
        // XEmbed embedders (GtkSocket in trayer, tint2's) size an icon by its WM_NORMAL_HINTS.
        int width = shown.HostBounds.Width, height = shown.HostBounds.Height;
        _host.SetSizeHints(shown.Host, new XSizeHintsData((uint)(SizeHintFlags.MinSize | SizeHintFlags.BaseSize), width, height, 0, 0, 0, 0, width, height));
        _host.SetLongs(shown.Host, _host.Atom("_XEMBED_INFO"), _host.Atom("_XEMBED_INFO"), [0 /* version */, XEmbedMapped]);
        _host.SendClientMessageTo(tray, tray, _host.Atom("_NET_SYSTEM_TRAY_OPCODE"), 0 /* CurrentTime */, RequestDock, (nint)shown.Host.Id);
    }

    /// <summary>
    /// A docked window's CONFIGURE: its size stays bounded; in a tray, where the qube puts it does
    /// not matter (the tray places it): true. Without a tray (the framed fallback) it is configured
    /// as any window: false.
    /// </summary>
    private bool OnDockedConfigured(HostWindow shown, Configure configure)
    {
        // Security: the daemon reads a docked window's pixels, so it stays within the icon bound.
        if (configure.Width > Limits.MaxTrayIconSide || configure.Height > Limits.MaxTrayIconSide)
        {
            throw new ProtocolViolationException(ProtocolViolation.TrayIconSizeInvalid);
        }

        if (!shown.Docked)
        {
            return false;
        }

        Charge(MessageCosts.Property);
        shown.QubeBounds = new XRect(configure.X, configure.Y, configure.Width, configure.Height);
        return true;
    }

    /// <summary>Host events on a docked icon: repaints, resizes by the tray, and the pointer for the qube's icon (never keys or focus).</summary>
    private void OnTrayIconEvent(HostWindow shown, in XEventData e)
    {
        // In the icon's own coordinates; a pointer on the border or beyond counts as the icon's edge.
        (int left, int top) = IconOrigin(shown);
        int x = Math.Clamp(e.X - left, 0, Math.Max(0, shown.QubeBounds.Width - 1));
        int y = Math.Clamp(e.Y - top, 0, Math.Max(0, shown.QubeBounds.Height - 1));
        uint state = e.State & Limits.InputStateMask;
        switch (e.Kind)
        {
            case XEventKind.Expose when e.Detail == 0:
                RepaintIcon(shown);
                break;
            case XEventKind.Configure:
                // The tray sizes and places its icons: the border follows the window's size.
                shown.HostBounds = new XRect(0, 0, Math.Max(1, e.Width), Math.Max(1, e.Height));
                RepaintIcon(shown);
                break;
            case XEventKind.ButtonPress or XEventKind.ButtonRelease when e.Detail is >= 1 and <= Limits.MaxButton:
                Channel.Send(shown.Id, new ButtonEvent(e.Kind == XEventKind.ButtonPress, x, y, state, e.Detail));
                break;
            case XEventKind.Motion:
                Channel.Send(shown.Id, new MotionEvent(x, y, state, e.Detail != 0));
                break;
            case XEventKind.Enter or XEventKind.Leave when e.Mode is >= 0 and <= 2 && e.Detail <= 4:
                Channel.Send(shown.Id, new CrossingEvent(e.Kind == XEventKind.Enter, x, y, state, (uint)e.Mode, e.Detail, e.Flag));
                break;
        }
    }

    /// <summary>
    /// Where the icon's first pixel is in its host window: centred in what the tray gave (trays
    /// make icons as tall as their panel), never closer than the border to the window's edge.
    /// </summary>
    private static (int X, int Y) IconOrigin(HostWindow shown) => (
        Math.Max(IconBorder, (shown.HostBounds.Width - shown.QubeBounds.Width) / 2),
        Math.Max(IconBorder, (shown.HostBounds.Height - shown.QubeBounds.Height) / 2));

    /// <summary>
    /// Draws a docked icon: a 1-pixel label border around the qube's pixels tinted to the label
    /// (<see cref="LabelTint"/>), put from the daemon's own buffer.
    /// Security: this is the one place the daemon reads a qube's window pixels. It copies at most
    /// <see cref="Limits.MaxTrayIconSide"/> squared pixels (64 KiB), each row checked to lie inside
    /// the mapped grant, into its own buffer first, and reads only that copy; the tint is integer
    /// arithmetic in which every bit pattern is a pixel. Nothing is decoded.
    /// </summary>
    private unsafe void RepaintIcon(HostWindow shown)
    {
        int width = Math.Min(shown.HostBounds.Width, MaxIconWindowSide), height = Math.Min(shown.HostBounds.Height, MaxIconWindowSide);
        _iconPixels ??= new uint[MaxIconWindowSide * MaxIconWindowSide];
        _iconCopy ??= new byte[Limits.MaxTrayIconSide * Limits.MaxTrayIconSide * 4];
        Span<uint> pixels = _iconPixels.AsSpan(0, width * height);
        pixels.Clear();
        uint label = Qube.Label.Color;
        (int left, int top) = IconOrigin(shown);
        int iconWidth = Math.Min(shown.QubeBounds.Width, width - left - IconBorder), iconHeight = Math.Min(shown.QubeBounds.Height, height - top - IconBorder);
        if (shown.Grant is { } grant)
        {
            // Security: the copy is exactly copyWidth x copyHeight x 4 bytes, both sides at most 128.
            int copyWidth = Math.Min(Math.Min(grant.Dump.Width, iconWidth), Limits.MaxTrayIconSide);
            int copyHeight = Math.Min(Math.Min(grant.Dump.Height, iconHeight), Limits.MaxTrayIconSide);
            int rowBytes = copyWidth * 4;
            long stride = grant.Dump.Stride;
            for (int row = 0; row < copyHeight && rowBytes > 0; row++)
            {
                if ((row * stride) + rowBytes > grant.Memory.Size)
                {
                    break; // cannot happen for a checked grant (stride x height bytes mapped); never read past it
                }

                new ReadOnlySpan<byte>((void*)(grant.Memory.Address + (nint)(row * stride)), rowBytes).CopyTo(_iconCopy.AsSpan(row * rowBytes, rowBytes));
            }

            for (int row = 0; row < copyHeight; row++)
            {
                for (int column = 0; column < copyWidth; column++)
                {
                    int o = (row * rowBytes) + (column * 4); // B, G, R, pad: an X pixel
                    pixels[((row + top) * width) + column + left] = LabelTint.Tint(_iconCopy[o + 2], _iconCopy[o + 1], _iconCopy[o], label);
                }
            }
        }

        // The border last, around the icon: the label's colour, drawn by the daemon only.
        int borderRight = Math.Min(left + Math.Max(0, iconWidth), width - 1), borderBottom = Math.Min(top + Math.Max(0, iconHeight), height - 1);
        for (int column = left - IconBorder; column <= borderRight; column++)
        {
            pixels[((top - IconBorder) * width) + column] = label;
            pixels[(borderBottom * width) + column] = label;
        }

        for (int row = top - IconBorder; row <= borderBottom; row++)
        {
            pixels[(row * width) + left - IconBorder] = label;
            pixels[(row * width) + borderRight] = label;
        }

        Charge(MessageCosts.Pixels(width, height));
        _host.PutImage(shown.Host, pixels, width, height);
    }
}
