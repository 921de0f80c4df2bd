using System.Globalization;
using System.Runtime.InteropServices;
using GuiVirt.X11.Interop;

namespace GuiVirt.X11;

/// <summary>
/// RandR as the screen configuration needs it: the daemon reads the host's monitors and hears of
/// their changes; the agent resizes the qube's screen and sets its monitors to the host's.
/// </summary>
public sealed unsafe partial class XDisplay
{
    /// <summary>The prefix of the monitors the agent sets (GUIVIRT-0, GUIVIRT-1, ...): it deletes only its own.</summary>
    private const string MonitorPrefix = "GUIVIRT-";

    /// <summary>Screen pixels per millimetre RandR is told (96 dpi), as the X server assumes by default.</summary>
    private const double PixelsPerMm = 96 / 25.4;

    private int _randrEventBase = -1;
    private int _monitorsSet;

    /// <summary>
    /// Asks for RandR's screen-change events on the root (a new size or configuration); they come
    /// as <see cref="XEventKind.Configure"/> events of the root with the event's size, as the root's
    /// own ConfigureNotify does. Under Xinerama either may carry one X screen's size, not the
    /// root's: read the root's own (<see cref="TryGetGeometry"/>). False when the server has no RandR.
    /// </summary>
    public bool SelectScreenChanges()
    {
        try
        {
            if (Randr.XRRQueryExtension(Raw, out _randrEventBase, out _) == 0)
            {
                _randrEventBase = -1;
                return false;
            }

            Randr.XRRSelectInput(Raw, Root.Id, Randr.ScreenChangeNotifyMask);
            return true;
        }
        catch (DllNotFoundException)
        {
            return false; // no libXrandr (package libxrandr2): the root's ConfigureNotify alone
        }
    }

    private bool IsScreenChangeEvent(int type) => _randrEventBase >= 0 && type == _randrEventBase;

    private static XEventData DecodeScreenChange(XEvent* ev)
    {
        var change = (XRRScreenChangeNotifyEvent*)ev;
        return new XEventData { Kind = XEventKind.Configure, Window = new XWindow(change->Root), Width = change->Width, Height = change->Height };
    }

    /// <summary>
    /// The monitors as a desktop knows them, to be mirrored: RandR 1.5's, or Xinerama's heads when
    /// they are more (Xephyr +xinerama lists one RandR monitor for two heads), or the whole root.
    /// Unlike <see cref="Monitors"/> the two lists are not merged: each rectangle is one monitor.
    /// </summary>
    public IReadOnlyList<XRect> DesktopMonitors()
    {
        var randr = new List<XRect>();
        var xinerama = new List<XRect>();
        AddRandrMonitors(randr);
        AddXineramaHeads(xinerama);
        List<XRect> chosen = xinerama.Count > randr.Count ? xinerama : randr;
        return chosen.Count > 0 ? chosen : [new XRect(0, 0, Width, Height)];
    }

    /// <summary>
    /// Resizes the screen through RandR, within the size range the server allows (an Xvfb's range
    /// ends at the size it was started with): the CRTC is switched off, the screen resized and the
    /// CRTC switched on again with a mode of the new size (created once, named WxH). Returns the
    /// size the screen has now; null when the server cannot (no RandR, no CRTC).
    /// </summary>
    public (int Width, int Height)? ResizeScreen(int width, int height)
    {
        try
        {
            if (Randr.XRRQueryExtension(Raw, out _, out _) == 0 || Randr.XRRGetScreenSizeRange(Raw, Root.Id, out int minWidth, out int minHeight, out int maxWidth, out int maxHeight) == 0)
            {
                return null;
            }

            width = Math.Clamp(width, minWidth, maxWidth);
            height = Math.Clamp(height, minHeight, maxHeight);
            if ((width, height) == (Width, Height))
            {
                return (width, height);
            }

            XRRScreenResources* resources = Randr.XRRGetScreenResourcesCurrent(Raw, Root.Id);
            if (resources == null)
            {
                return null;
            }

            try
            {
                if (resources->CrtcCount < 1 || resources->OutputCount < 1)
                {
                    return null;
                }

                using ErrorTrap trap = TrapErrors();
                nuint crtc = resources->Crtcs[0], output = resources->Outputs[0];
                nuint mode = ModeOfSize(resources, width, height);
                Randr.XRRAddOutputMode(Raw, output, mode); // a mode the output has already: no change
                _ = Randr.XRRSetCrtcConfig(Raw, resources, crtc, 0, 0, 0, 0, Randr.Rotate0, null, 0);
                Randr.XRRSetScreenSize(Raw, Root.Id, width, height, Millimetres(width), Millimetres(height));
                _ = Randr.XRRSetCrtcConfig(Raw, resources, crtc, 0, 0, 0, mode, Randr.Rotate0, &output, 1);
                if (trap.Failed())
                {
                    return null;
                }
            }
            finally
            {
                Randr.XRRFreeScreenResources(resources);
            }

            (Width, Height) = (width, height);
            return (width, height);
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds <paramref name="monitors"/> as the screen's RandR 1.5 client monitors (GUIVIRT-0.., the
    /// first primary, none on an output), after deleting the ones set before. The server's own
    /// monitor of its output (on an Xvfb, the whole screen) stays listed after them, on purpose:
    /// RandR gives an output to one monitor only and an Xvfb has one, and GTK (3 and 4) takes a
    /// monitor only through its output. Had the first monitor the output, GTK would know that one
    /// monitor alone and push the menus of a window on another monitor onto it; as it is, GTK reads
    /// every output-less monitor's output as the next one's (libXrandr lays their output lists end
    /// to end, so it reads inside the reply, never past it), merges them into the one on the output,
    /// and keeps the whole screen as before. Clients that take monitors by their geometry (xrandr,
    /// Qt) list the host's monitors, then the whole screen. False when the server has no RandR 1.5.
    /// </summary>
    public bool SetMonitors(IReadOnlyList<XRect> monitors)
    {
        ArgumentNullException.ThrowIfNull(monitors);
        try
        {
            if (Randr.XRRQueryExtension(Raw, out _, out _) == 0 || Randr.XRRQueryVersion(Raw, out int major, out int minor) == 0 || (major, minor) is (< 1, _) or (1, < 5))
            {
                return false;
            }

            using ErrorTrap trap = TrapErrors();
            for (int i = 0; i < _monitorsSet; i++)
            {
                Randr.XRRDeleteMonitor(Raw, Root.Id, Atom(MonitorName(i)).Id);
            }

            _monitorsSet = 0;
            for (int i = 0; i < monitors.Count; i++)
            {
                XRRMonitorInfo* monitor = Randr.XRRAllocateMonitor(Raw, 0);
                if (monitor == null)
                {
                    break;
                }

                XRect area = monitors[i];
                monitor->Name = Atom(MonitorName(i)).Id;
                monitor->Primary = i == 0 ? 1 : 0;
                monitor->Automatic = 0;
                (monitor->X, monitor->Y, monitor->Width, monitor->Height) = (area.X, area.Y, area.Width, area.Height);
                (monitor->WidthMm, monitor->HeightMm) = (Millimetres(area.Width), Millimetres(area.Height));
                Randr.XRRSetMonitor(Raw, Root.Id, monitor);
                Randr.XRRFreeMonitors(monitor);
                _monitorsSet = i + 1;
            }

            return !trap.Failed();
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    private static string MonitorName(int index) => MonitorPrefix + index.ToString(CultureInfo.InvariantCulture);

    private static int Millimetres(int pixels) => (int)Math.Round(pixels / PixelsPerMm);

    /// <summary>A mode of exactly width x height the server has, else a new one (a plain 60 Hz timing: Xvfb shows no signal).</summary>
    private nuint ModeOfSize(XRRScreenResources* resources, int width, int height)
    {
        for (int i = 0; i < resources->ModeCount; i++)
        {
            XRRModeInfo* existing = &resources->Modes[i];
            if (existing->Width == (uint)width && existing->Height == (uint)height)
            {
                return existing->Id;
            }
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
        nint utf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            XRRModeInfo info = new()
            {
                Width = (uint)width, Height = (uint)height,
                HSyncStart = (uint)width, HSyncEnd = (uint)width, HTotal = (uint)width,
                VSyncStart = (uint)height, VSyncEnd = (uint)height, VTotal = (uint)height,
                DotClock = (nuint)((long)width * height * 60),
                Name = utf8, NameLength = (uint)name.Length,
            };
            return Randr.XRRCreateMode(Raw, Root.Id, &info);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }
}
